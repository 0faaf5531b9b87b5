"""Evaluation indicators at a département's scale, against a plain pandas groupby that
computes the same counts over the same frames, in the same run (group
"evaluation_indicators"); and the XLSX export's time and peak memory.

The large data set (100,000 situations, about 500,000 answers) is built only with
``CERCLE_BENCH_LARGE=1``; otherwise the same code runs on a small one. Targets, reported
and never asserted: indicators within 2× of the baseline; XLSX under 60 s and 1 GB.

    CERCLE_BENCH_LARGE=1 .venv/bin/pytest tests/benchmarks/test_evaluation_scale.py --benchmark-enable -s
"""
from __future__ import annotations

import os
import time
import tracemalloc

import pytest

from conference.evaluation.demo_data import demo_rows
from conference.evaluation.frames import to_frames
from conference.evaluation.indicators import funnel, indicators, indicators_by, reconcile
from exports.evaluation_workbook import build_evaluation_xlsx

from .conftest import BASELINE, LOADED

LARGE = os.environ.get("CERCLE_BENCH_LARGE") == "1"
SITUATIONS = 100_000 if LARGE else 600
ANSWERS_RANGE = (8, 13) if LARGE else (3, 9)  # about 5 answers per situation overall when large


@pytest.fixture(scope="module")
def data():
    started = time.perf_counter()
    rows = demo_rows(seed=7, situations=SITUATIONS, answers_range=ANSWERS_RANGE)
    generated = time.perf_counter()
    frames = to_frames(rows)
    framed = time.perf_counter()
    print(f"\n[evaluation] {len(rows.referrals)} situations, {len(rows.answers)} answers: generated in "
          f"{generated - started:.1f} s, frames in {framed - generated:.1f} s")
    return rows, frames


def core(frames):
    f = funnel(frames)
    assert reconcile(f) == []
    result = indicators(frames)
    by_field = indicators_by(frames, "field")
    by_quarter = indicators_by(frames, "quarter")
    return f, result, by_field, by_quarter


def baseline(frames):
    """The same counts with bare groupbys: funnel cells, statuses, reasons, scores by role,
    actions and situations at three months, hours, and the by-field/by-quarter counts."""
    ref = frames.referrals
    counts = ref.groupby(["stage", "status"]).size()
    ev = ref[ref["evaluation_consent"]]
    statuses = ev["status"].value_counts()
    reasons = ev.loc[ev["status"] == "not_completed", "reason"].value_counts()
    answers = frames.answers[frames.answers["evaluation_consent"]]
    scores = answers.groupby("respondent_role")["score"].agg(["mean", "median", "count"])
    distribution = answers.groupby(["respondent_role", "score"]).size()
    actions = frames.actions[frames.actions["conference_ref"].isin(set(ev["ref"]))]["status_3m"].value_counts()
    situation = ev["situation_3m"].value_counts()
    hours = ev[["hours_coordinator", "hours_referent"]].mean()
    by = [ev.groupby(col)["status"].value_counts() for col in ("field", "quarter")]
    by_scores = [answers.groupby([col, "respondent_role"])["score"].agg(["mean", "median", "count"])
                 for col in ("field", "quarter")]
    return counts, statuses, reasons, scores, distribution, actions, situation, hours, by, by_scores


@pytest.mark.benchmark(group="evaluation_indicators")
def test_indicators_by_field_and_quarter(benchmark, data, record_mean):
    _, frames = data
    f, result, by_field, _ = benchmark(core, frames)
    record_mean(benchmark, LOADED)
    assert f.total == SITUATIONS and result["oriented"].value == SITUATIONS and by_field


@pytest.mark.benchmark(group="evaluation_indicators")
def test_baseline_plain_pandas_groupby(benchmark, data, record_mean):
    _, frames = data
    out = benchmark(baseline, frames)
    record_mean(benchmark, BASELINE)
    assert int(out[0].sum()) == SITUATIONS


@pytest.mark.benchmark(group="evaluation_xlsx")
def test_xlsx_export_time_and_peak_memory(benchmark, data):
    """Time without tracing (the benchmark), then once more under tracemalloc for the peak
    of memory Python allocated while building and writing the workbook."""
    rows, _ = data
    xlsx = benchmark.pedantic(build_evaluation_xlsx, args=(rows,), kwargs={"key": b"bench"}, rounds=1,
                              iterations=1)
    seconds = benchmark.stats.stats.mean if benchmark.stats else float("nan")
    tracemalloc.start()
    build_evaluation_xlsx(rows, key=b"bench")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    benchmark.extra_info.update(seconds=round(seconds, 1), peak_mb=round(peak / 2**20, 1), bytes=len(xlsx))
    print(f"\n[evaluation] XLSX of {len(rows.referrals)} situations and {len(rows.answers)} answers: "
          f"{seconds:.1f} s, peak {peak / 2**20:.0f} MB traced, file {len(xlsx) / 2**20:.1f} MB")
    assert xlsx.startswith(b"PK")


@pytest.mark.skipif(LARGE, reason="openpyxl's write-only mode takes minutes at this size; compared on the small set")
@pytest.mark.benchmark(group="evaluation_xlsx_writers")
def test_xlsx_writer_against_openpyxl_write_only(benchmark, data):
    """openpyxl's write-only mode (benchmarked) against our streamed SpreadsheetML writer
    (timed once right after) on the same sheets; both figures are printed."""
    from exports.evaluation_workbook import evaluation_sheets, sheets_to_xlsx, sheets_to_xlsx_openpyxl

    rows, frames = data
    sheets = evaluation_sheets(frames, key=b"bench")
    benchmark.pedantic(sheets_to_xlsx_openpyxl, args=(sheets,), rounds=2, iterations=1)
    started = time.perf_counter()
    ours = sheets_to_xlsx(sheets)
    print(f"\n[evaluation] writers on {len(rows.referrals)} situations: openpyxl write-only "
          f"{benchmark.stats.stats.mean if benchmark.stats else float('nan'):.2f} s, ours "
          f"{time.perf_counter() - started:.2f} s")
    assert ours.startswith(b"PK")
