"""Cercle's one clock. Everything that needs "now" or "today" asks here.

Why: a coordinator's "today" is a day in Paris, not the machine's day nor UTC's, and
tests must pass whatever the date and the machine's time zone. Tests freeze the clock
with ``freeze(...)``; a real-browser test starts the server with ``CERCLE_FROZEN_NOW``
(an ISO instant) so that the server and the test agree on the day.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
FROZEN_ENV = "CERCLE_FROZEN_NOW"

_frozen: datetime | None = None
_ticking_since: float | None = None  # monotonic time when a ticking clock was set


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _from_env() -> None:
    """A process started with ``CERCLE_FROZEN_NOW`` (a test's server) ticks from there."""
    value = os.environ.get(FROZEN_ENV, "").strip()
    if value:
        set_frozen(datetime.fromisoformat(value), tick=True)


def now() -> datetime:
    """The current instant, time-zone aware (UTC)."""
    if _frozen is not None:
        elapsed = time.monotonic() - _ticking_since if _ticking_since is not None else 0.0
        return (_frozen + timedelta(seconds=elapsed)).astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def utcnow() -> datetime:
    """The current instant as naive UTC: what the database stores."""
    return now().replace(tzinfo=None)


def today() -> date:
    """Today's date in Paris: the day a coordinator lives in."""
    return now().astimezone(PARIS).date()


def local(moment: datetime) -> datetime:
    """A stored instant (naive means UTC) in Paris time."""
    return _aware(moment).astimezone(PARIS)


def local_date(moment: datetime) -> date:
    """The Paris day of a stored instant (an adoption at 00:30 in Paris is that day, not UTC's)."""
    return local(moment).date()


def set_frozen(moment: datetime | None, *, tick: bool = False) -> None:
    """Set the clock at ``moment`` (naive means UTC), or back to real time with None.

    With ``tick`` the clock starts at ``moment`` and then moves on with real time, so
    that rows written one after the other keep their order while the day stays known.
    """
    global _frozen, _ticking_since
    _frozen = _aware(moment) if moment is not None else None
    _ticking_since = time.monotonic() if (moment is not None and tick) else None


@contextmanager
def freeze(moment: datetime, *, tick: bool = False) -> Iterator[None]:
    """``with freeze(datetime(2026, 11, 23, 9, 0)):`` — the clock stands still inside."""
    global _frozen, _ticking_since
    previous = (_frozen, _ticking_since)
    set_frozen(moment, tick=tick)
    try:
        yield
    finally:
        _frozen, _ticking_since = previous


_from_env()
