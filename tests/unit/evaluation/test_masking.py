"""Small numbers: primary masking, secondary masking that resists differences from the
totals (property-based), percentages over at least 10, means from enough conferences."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from conference.evaluation.indicators import Indicator
from conference.evaluation.masking import (MASK, CountTable, mask_table, mean_allowed, publish_count,
                                           publish_indicator, recoverable)


def _determined_by_rank(grid, masked) -> list:
    """Independent check: a hidden cell is exactly recomputable when adding its unit vector
    to the equations of the published rows and columns does not raise their rank."""
    order = sorted(masked)
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)] + \
            [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
    equations = []
    for line in lines:
        eq = [(1 if p in line[:-1] else 0) - (1 if p == line[-1] else 0) for p in order]
        if any(eq):
            equations.append(eq)
    if not equations:
        return []
    a = np.array(equations, dtype=float)
    rank = np.linalg.matrix_rank(a)
    found = []
    for k, p in enumerate(order):
        unit = np.zeros(len(order))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(p)
    return found


tables = st.integers(1, 5).flatmap(lambda r: st.integers(1, 5).flatmap(lambda c: st.lists(
    st.lists(st.one_of(st.integers(0, 7), st.integers(0, 40)), min_size=c, max_size=c), min_size=r, max_size=r)))


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_masked_cell_can_be_recomputed_from_the_published_totals(cells):
    table = CountTable("t", tuple(f"r{i}" for i in range(len(cells))), tuple(f"c{j}" for j in range(len(cells[0]))),
                       tuple(tuple(row) for row in cells))
    masked = mask_table(table)
    grid = table.grid()
    published = masked.published()
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if 1 <= value <= 5:
                assert published[i][j] == MASK, "every count from 1 to 5 is masked"
            if value == 0:
                assert published[i][j] == 0, "0 stays 0"
    assert _determined_by_rank(grid, masked.masked) == []
    # the simplest attack: a line with a single hidden cell
    for i in range(len(grid)):
        assert [published[i][j] for j in range(len(grid[0]))].count(MASK) != 1
    for j in range(len(grid[0])):
        assert [published[i][j] for i in range(len(grid))].count(MASK) != 1


def test_a_small_cell_gets_a_partner_in_its_row_and_its_column():
    table = CountTable("t", ("a", "b", "c"), ("u", "v", "w"), ((3, 10, 12), (7, 8, 20), (0, 15, 9)))
    published = mask_table(table).published()
    assert published[0][:2] == [MASK, MASK] and published[1][:2] == [MASK, MASK]
    assert published[0][3] == 25 and published[3] == [10, 33, 41, 84]  # totals stay visible
    assert published[2] == [0, 15, 9, 24]


def test_recoverable_spots_a_cell_left_alone_in_its_row():
    grid = CountTable("t", ("a",), ("u", "v"), ((3, 10),)).grid()
    assert recoverable(grid, {(0, 0)}) == [(0, 0)]


def _rate(num, den):
    return Indicator("k", "l", "d", "rate", n=den, value=num / den if den else None, numerator=num, denominator=den)


def test_a_percentage_needs_a_denominator_of_ten_and_no_small_count_on_either_side():
    assert publish_indicator(_rate(6, 9)) == MASK
    assert publish_indicator(_rate(6, 12)) == 50.0
    assert publish_indicator(_rate(3, 40)) == MASK  # 3 families would show through
    assert publish_indicator(_rate(37, 40)) == MASK  # and so would the 3 others
    assert publish_indicator(_rate(0, 40)) == 0.0
    assert publish_count(4) == MASK and publish_count(0) == 0 and publish_count(6) == 6


def _mean(n, conferences, share):
    return Indicator("m", "l", "d", "mean", n=n, value=7.5, conferences=conferences, largest_share=share)


def test_a_mean_needs_five_answers_from_three_conferences_none_giving_more_than_half():
    assert mean_allowed(_mean(5, 3, 0.4))
    assert not mean_allowed(_mean(4, 3, 0.25))
    assert not mean_allowed(_mean(9, 2, 0.5))
    assert not mean_allowed(_mean(9, 3, 0.56))
    assert publish_indicator(_mean(4, 3, 0.25)) == MASK


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.integers(30, 200))
def test_outcome_and_reasons_tables_protect_each_other(seed, situations):
    """The reasons table's totals are cells of the outcome table: together, still nothing
    hidden can be recomputed."""
    from conference.evaluation.demo_data import demo_rows
    from conference.evaluation.frames import to_frames
    from conference.evaluation.masking import linked_recoverable
    from conference.evaluation.tables import _values, outcome_and_reasons, reason_links

    ref = to_frames(demo_rows(seed=seed, situations=situations)).consented().referrals
    fields = _values(ref, "field", [])
    outcome, reasons = outcome_and_reasons(ref, fields)
    links = reason_links(fields, reasons)
    for a, b in links:  # the linked cells really hold the same count, and are shown alike
        assert outcome.table.grid()[a[1]][a[2]] == reasons.table.grid()[b[1]][b[2]]
        assert ((a[1], a[2]) in outcome.masked) <= ((b[1], b[2]) in reasons.masked)
    assert linked_recoverable({"outcome": outcome, "reasons": reasons}, links) == []


def test_the_time_sheet_hides_a_small_n_even_by_difference_from_the_total():
    """Found in review: each field's n was masked alone beside a published total, so one
    masked field could be recomputed as total minus the others."""
    import pandas as pd

    from conference.evaluation.tables import _time_sheet

    ref = pd.DataFrame({"field": ["enfance"] * 12 + ["insertion"] * 3 + ["autonomie"] * 9,
                        "hours_coordinator": [2.0] * 24, "hours_referent": [1.0] * 24})
    sheet = _time_sheet(ref, ["enfance", "insertion", "autonomie"], "fr")

    n_coordinator = [row[1] for row in sheet.rows]  # three fields, then the total
    assert n_coordinator[1] == MASK
    hidden = [i for i, n in enumerate(n_coordinator) if n == MASK]
    assert len(hidden) >= 2, n_coordinator  # a second cell (or the total) hidden with it
    assert sheet.rows[0][2] == 2.0  # a mean beside an n of 12 is still shown
