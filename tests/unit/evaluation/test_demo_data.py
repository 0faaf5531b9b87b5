"""The demo generator: seeded, plausible, fictional, and consistent with the codebook."""
from __future__ import annotations

from conference.evaluation.codebook import answer_findings
from conference.evaluation.demo_data import demo_rows
from conference.evaluation.frames import to_frames
from conference.evaluation.indicators import funnel, indicators, reconcile


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    assert demo_rows(seed=5, situations=40) == demo_rows(seed=5, situations=40)
    assert demo_rows(seed=5, situations=40) != demo_rows(seed=6, situations=40)


def test_several_hundred_situations_over_two_years_in_two_territories_that_reconcile():
    rows = demo_rows()
    assert len(rows.referrals) >= 300
    assert {r.territory for r in rows.referrals} == {"Territoire Nord (fictif)", "Territoire Sud (fictif)"}
    assert len({(r.referred_on.year, r.referred_on.month) for r in rows.referrals}) == 24
    frames = to_frames(rows)
    assert reconcile(funnel(frames)) == []
    result = indicators(frames)
    assert 0.4 < result["plan_rate"].value < 0.9 and result["not_completed"].numerator > 0
    assert 6 < result["satisfaction.all"].value < 9
    assert all(answer_findings(a) == [] for a in rows.answers)
    texts = [t for a in rows.answers for t in a.texts.values()]
    assert texts and all(t.strip() for t in texts) and any("é" in t for t in texts)
    assert {p.answer_ref for p in rows.passages} <= {a.ref for a in rows.answers}
