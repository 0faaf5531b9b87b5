"""Gettext catalogs: English message ids in the code, French (default) and English text.

Every ``*.po`` file under ``locales/<lang>/LC_MESSAGES/`` is merged into one catalog per
language, so each area of the app keeps its own file (``pages.po``, ``exports.po``…).
French is the default language; a message missing from a catalog falls back to its id
(a guard test, ``tests/unit/test_i18n.py``, makes sure French misses none).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALES = Path(__file__).parent / "locales"

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """All translations of ``lang`` as {msgid: msgstr}, read once per process."""
    messages: dict[str, str] = {}
    for po in sorted((LOCALES / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    value = message.string if isinstance(message.string, str) else message.string[0]
                    messages[key] = value
    return messages


def gettext(message: str, lang: str = DEFAULT_LANGUAGE) -> str:
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    return catalog(lang).get(message, message)


def translator(lang: str = DEFAULT_LANGUAGE) -> Callable[..., str]:
    """``_ = translator(lang)``; ``_("Hello {name}", name=x)`` formats after translating."""

    def _(message: str, /, **values) -> str:
        text = gettext(message, lang)
        return text.format(**values) if values else text

    return _


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (tables of labels)."""
    return message


def format_date(day: date | datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """23/11/2026 in French, 23/11/2026 in English too (the documents are French-first)."""
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y")


LOCAL_TIME = ZoneInfo("Europe/Paris")


def format_datetime(moment: datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Moments are stored as naive UTC; people read them in French local time."""
    if moment is None:
        return ""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(LOCAL_TIME)
    return local.strftime("%d/%m/%Y %H:%M") if lang == "en" else local.strftime("%d/%m/%Y à %Hh%M")


def format_decimal(value: float, digits: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text
