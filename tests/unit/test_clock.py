"""The app's one clock: Paris days, naive UTC for the store, and nobody else reads the time."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from conference import clock

ROOT = Path(__file__).resolve().parents[2]
READS_THE_MACHINE_CLOCK = re.compile(r"\b(datetime\.(now|utcnow|today)|date\.today|time\.time)\(")


def test_today_is_the_paris_day_not_the_utc_one():
    with clock.freeze(datetime(2026, 11, 30, 23, 30)):  # 00:30 on 1 December in Paris
        assert clock.today() == date(2026, 12, 1)
        assert clock.utcnow() == datetime(2026, 11, 30, 23, 30)
        assert clock.local_date(clock.utcnow()) == date(2026, 12, 1)


def test_a_ticking_freeze_starts_on_the_day_and_keeps_order():
    with clock.freeze(datetime(2027, 2, 28, 9, 0), tick=True):
        first, second = clock.now(), clock.now()
        assert first.date() == date(2027, 2, 28) and first.tzinfo is timezone.utc
        assert second >= first


def test_freezing_ends_with_the_block():
    before = clock.now()
    with clock.freeze(datetime(2001, 1, 1)):
        assert clock.today() == date(2001, 1, 1)
    assert clock.now() >= before


def test_only_the_clock_reads_the_machines_time():
    offenders = []
    for folder in ("conference", "exports", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if READS_THE_MACHINE_CLOCK.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in [ROOT / "streamlit_app.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if READS_THE_MACHINE_CLOCK.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, ("Ask conference.clock (now, utcnow, today) instead, so tests can freeze time:\n"
                           + "\n".join(offenders))
