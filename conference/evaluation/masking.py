"""Small numbers: what a breakdown may show without pointing at a family.

- counts from 1 to 5 are shown as ``c`` (0 stays 0): primary suppression;
- secondary suppression: more cells are hidden until no hidden cell can be recomputed
  from the row and column totals (checked exactly, by linear algebra, not by a rule of
  thumb); totals are hidden only for their own value, or as a last resort, so that the
  same total published in two linked tables is shown or hidden alike in both;
- a percentage only over a denominator of at least 10, and never when the numerator or
  its complement is itself a small count;
- a mean only from at least 5 answers in at least 3 conferences, none giving more than half.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .indicators import Indicator

MASK = "c"
SMALL = range(1, 6)
MIN_DENOMINATOR = 10
MIN_RESPONDENTS, MIN_CONFERENCES, MAX_SHARE = 5, 3, 0.5

Position = tuple[int, int]


@dataclass(frozen=True)
class CountTable:
    """Counts with row and column labels; the totals are computed, never given."""

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]

    def grid(self) -> list[list[int]]:
        """Cells plus a totals column, a totals row and the grand total in the corner."""
        body = [list(row) + [sum(row)] for row in self.cells]
        totals = [sum(row[j] for row in body) for j in range(len(self.columns) + 1)]
        return body + [totals]


def is_small(value: int) -> bool:
    return value in SMALL


def _lines(n_rows: int, n_cols: int) -> list[list[Position]]:
    """Every published equation: the cells of a row (or of the totals row) add up to the
    last entry of that line; likewise for columns."""
    rows = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    cols = [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    return rows + cols


Variable = tuple  # (table tag, row, column)


def table_equations(tag: str, grid: Sequence[Sequence[int]]) -> list[dict[Variable, int]]:
    """The published equations of one table: each line's cells minus its total is zero."""
    n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1
    equations = []
    for line in _lines(n_rows, n_cols):
        equation = {(tag, *p): 1 for p in line[:-1]}
        equation[(tag, *line[-1])] = equation.get((tag, *line[-1]), 0) - 1
        equations.append(equation)
    return equations


def determined(equations: Sequence[dict[Variable, int]], hidden: set[Variable] | frozenset[Variable]) -> list:
    """The hidden variables whose value follows exactly from the equations, the other
    variables being published: those whose unit vector lies in the row space of the
    equations restricted to the hidden ones (every solution of the homogeneous system
    leaves them at zero)."""
    order = sorted(hidden)
    if not order:
        return []
    index = {v: k for k, v in enumerate(order)}
    rows = []
    for equation in equations:
        coeffs = np.zeros(len(order))
        for variable, coeff in equation.items():
            if variable in index:
                coeffs[index[variable]] += coeff
        if coeffs.any():
            rows.append(coeffs)
    if not rows:
        return []
    _, singular, vt = np.linalg.svd(np.array(rows))
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]  # every way the hidden values can move together
    if null.shape[0] == 0:
        return order
    return [v for v in order if np.abs(null[:, index[v]]).max() < 1e-9]


def recoverable(grid: Sequence[Sequence[int]], masked: set[Position] | frozenset[Position]) -> list[Position]:
    """The hidden cells of one table whose value follows from the published ones and the totals."""
    found = determined(table_equations("t", grid), {("t", *p) for p in masked})
    return [(i, j) for _, i, j in found]


def linked_recoverable(tables: dict[str, "MaskedTable"], links: Sequence[tuple[Variable, Variable]]) -> list:
    """Like :func:`recoverable` over several tables at once, ``links`` saying which cells
    of different tables hold the same count (a total of one is a cell of another)."""
    equations = [e for tag, t in tables.items() for e in table_equations(tag, t.table.grid())]
    equations += [{a: 1, b: -1} for a, b in links]
    hidden = {(tag, *p) for tag, t in tables.items() for p in t.masked}
    return determined(equations, hidden)


def _candidate(grid, line: list[Position], masked: set[Position]) -> Position | None:
    """The cell to hide next in a line: the smallest non-zero visible cell, a total last."""
    n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1
    visible = [p for p in line if p not in masked and grid[p[0]][p[1]] > 0]
    inner = [p for p in visible if p[0] < n_rows and p[1] < n_cols]
    pool = inner or visible
    return min(pool, key=lambda p: (grid[p[0]][p[1]], p)) if pool else None


def suppress(table: CountTable, forced: Iterable[Position] = ()) -> frozenset[Position]:
    """Positions (in :meth:`CountTable.grid`) to show as ``c``: primary then secondary.
    ``forced`` are cells hidden because a linked table hides the same count."""
    grid = table.grid()
    n_rows, n_cols = len(table.rows), len(table.columns)
    masked = {(i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if is_small(value)}
    masked |= set(forced)
    lines = _lines(n_rows, n_cols)
    while True:
        # A line with one hidden cell gives it away by difference: hide a second one.
        added = False
        for line in lines:
            if sum(p in masked for p in line) == 1:
                candidate = _candidate(grid, line, masked)
                if candidate is not None:
                    masked.add(candidate)
                    added = True
        if added:
            continue
        exposed = recoverable(grid, masked)
        if not exposed:
            return frozenset(masked)
        # Combinations of lines still give a cell away: hide one more cell beside it.
        target = exposed[0]
        for line in (l for l in lines if target in l):
            candidate = _candidate(grid, line, masked)
            if candidate is not None:
                masked.add(candidate)
                break
        else:  # nothing left to hide beside it: hide every non-zero entry (never reached in tests)
            masked |= {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v > 0}


@dataclass(frozen=True)
class MaskedTable:
    table: CountTable
    masked: frozenset[Position]

    def published(self) -> list[list[int | str]]:
        """The grid as it may be shown: hidden cells as ``c``, zeros as 0."""
        return [[MASK if (i, j) in self.masked else value for j, value in enumerate(row)]
                for i, row in enumerate(self.table.grid())]


def mask_table(table: CountTable, forced: Iterable[Position] = ()) -> MaskedTable:
    return MaskedTable(table, suppress(table, forced))


def publish_count(value: int) -> int | str:
    """A count standing alone (no table around it)."""
    return MASK if is_small(value) else value


def rate_allowed(numerator: int, denominator: int) -> bool:
    return (denominator >= MIN_DENOMINATOR and not is_small(numerator)
            and not is_small(denominator - numerator))


def mean_allowed(indicator: Indicator) -> bool:
    return (indicator.n >= MIN_RESPONDENTS and indicator.conferences >= MIN_CONFERENCES
            and indicator.largest_share <= MAX_SHARE)


def publish_indicator(indicator: Indicator) -> int | float | str | None:
    """The value of an indicator as it may be shown: a rate in percent (one decimal), a
    mean (two decimals), a count, or ``c`` when the rules forbid it; ``None`` when there is
    nothing to compute (no denominator)."""
    if indicator.value is None:
        return None
    if indicator.kind == "count":
        return publish_count(int(indicator.value))
    if indicator.kind == "rate":
        if not rate_allowed(int(indicator.numerator), int(indicator.denominator)):
            return MASK
        return round(100 * indicator.value, 1)
    return round(indicator.value, 2) if mean_allowed(indicator) else MASK


def published_distribution(indicator: Indicator) -> list[int | str]:
    """A score distribution (one row of counts) with its small counts and their
    recomputable neighbours hidden, the total being the published n."""
    table = CountTable(indicator.key, (indicator.key,), tuple(str(v) for v, _ in indicator.distribution),
                       (tuple(c for _, c in indicator.distribution),))
    return mask_table(table).published()[0]
