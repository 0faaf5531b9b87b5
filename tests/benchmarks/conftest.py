"""Benchmarks compare a baseline with a loaded case *in the same run* (same machine, same
moment), and print the difference at the end. They never assert on timing: a shared CI
runner is too noisy for that, and a red build for a slow neighbour teaches nothing.

pyproject's ``addopts`` holds ``--benchmark-disable``: in the normal suite each benchmark
runs once as a plain test (it must still render without error). For timings:

    .venv/bin/pytest tests/benchmarks --benchmark-enable -q      (or: make bench)
"""
from __future__ import annotations

from pathlib import Path

import pytest

BASELINE, LOADED = "baseline", "loaded"
_MEANS = pytest.StashKey[dict]()


@pytest.fixture
def record_mean(request):
    """``record_mean(benchmark, role)`` keeps the mean of a finished benchmark under its
    group, as ``BASELINE`` or ``LOADED``, for the summary printed at the end of the run."""

    def _record(benchmark, role: str, *, budget_ms: float | None = None) -> None:
        if benchmark.disabled or benchmark.stats is None:
            return
        groups = request.config.stash.setdefault(_MEANS, {})
        entry = groups.setdefault(benchmark.group or request.node.name, {})
        stats = benchmark.stats.stats
        entry[role] = (stats.mean, stats.median, stats.min)
        if budget_ms is not None:
            entry["budget_ms"] = budget_ms

    return _record


def pytest_terminal_summary(terminalreporter, config):
    groups = config.stash.get(_MEANS, None)
    if not groups:
        return
    # The mean is what the budget speaks of; on a busy machine one slow round moves
    # it a lot, so the median and the minimum (the least disturbed round) are shown too.
    terminalreporter.section("added cost: loaded − baseline, same run (mean / median / min, ms)")
    for group, entry in sorted(groups.items()):
        if BASELINE not in entry or LOADED not in entry:
            continue
        base = [x * 1000 for x in entry[BASELINE]]
        loaded = [x * 1000 for x in entry[LOADED]]
        added = [b - a for a, b in zip(base, loaded)]
        budget = entry.get("budget_ms")
        verdict = "" if budget is None else (" within budget" if added[0] < budget else " OVER BUDGET (mean)")
        budget_text = "" if budget is None else f" [budget {budget:g} ms:{verdict}]"
        terminalreporter.write_line(
            f"{group}: baseline {'/'.join(f'{x:.1f}' for x in base)}, loaded {'/'.join(f'{x:.1f}' for x in loaded)}, "
            f"added {'/'.join(f'{x:+.1f}' for x in added)}{budget_text}")


@pytest.fixture(scope="module")
def chromium():
    """Debian's headless chromium for the browser benchmarks, launched as the browser tests do."""
    from playwright.sync_api import sync_playwright

    from ..browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from ..conftest import require_tool

    path = CHROMIUM if Path(CHROMIUM).exists() else require_tool("chromium")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()
