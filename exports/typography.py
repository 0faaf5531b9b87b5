"""French typography and plain-language formats of every family document.

- ``fr_typography``: « » for quotes, no-break spaces before : ; ! ?, the apostrophe ’
  (typed text included); inside a person's name (``quotes=False``) double quotes stay
  as typed (``Tonton "Dédé"`` is his name, not a quotation);
- ``long_date`` ("1er décembre 2026") for running text, ``short_date`` (01/12/2026) for
  tables, ``clock_time`` ("14 h 58"); stored instants are naive UTC and are printed in
  Paris time (``conference.clock``): an adoption at 00:30 in Paris is that day;
- ``clean_text``: what XML can hold (control characters dropped, one kind of line break).

Pure functions of strings and dates, shared by the Word documents and the paper map.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from conference import clock

NBSP = "\u00a0"  # no-break space, before a colon
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »
APOSTROPHE = "\u2019"  # ’

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

_H = "[ \t\u00a0\u202f]"  # horizontal spaces we normalise (not line breaks)
_STRAIGHT_QUOTED = re.compile(r'"([^"\n]*)"')  # quotes pair within a line only
_CURLY_QUOTED = re.compile("\u201c([^\u201c\u201d\n]*)\u201d")
_AFTER_OPENING = re.compile(f"«{_H}*+(?=\\S)")
_BEFORE_CLOSING = re.compile(f"(?<=\\S){_H}*»")
# A space before ; : ! ? only after a word (not after another mark, nor at the start), and
# only when the mark ends a phrase: 19:30, https:// and ?q= stay as they are.
_BEFORE_MARK = re.compile(f"(?<=[^\\s;:!?]){_H}*([;:!?])(?=\\s|$|[»)\\]\"'’!?.,…])")
# An apostrophe typed straight between two letters (l'heure, aujourd'hui) or after one
# (les enfants' → rare, left alone): only the first case is a French apostrophe.
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _guillemets(match: re.Match) -> str:
    return "«" + match.group(1).strip(" \t\u00a0\u202f") + "»"


def _space_before_mark(match: re.Match) -> str:
    mark = match.group(1)
    return (NBSP if mark == ":" else NNBSP) + mark


def fr_typography(text: str, *, quotes: bool = True) -> str:
    """French typography for a document: « » for quotes, no-break spaces where they go, ’.

    - "word" and “word” become « word » (narrow no-break spaces inside), unless
      ``quotes`` is False (a person's name: the quotes are part of it);
    - a no-break space before : (U+00A0) and a narrow one before ; ! ? (U+202F), replacing
      any space typed there, so a colon never starts a line;
    - an apostrophe typed ' between two letters becomes ’ (C'est → C’est);
    - line breaks and everything else stay as typed; no space is ever added next to
      another one. Applying it twice changes nothing more.
    """
    if not text:
        return text
    if "'" in text:
        text = _STRAIGHT_APOSTROPHE.sub(APOSTROPHE, text)
    if quotes:
        if '"' in text:
            text = _STRAIGHT_QUOTED.sub(_guillemets, text)
        while "\u201c" in text:  # curly quotes can nest: innermost pair first, until none pairs
            text, pairs = _CURLY_QUOTED.subn(_guillemets, text)
            if not pairs:
                break
    if "«" in text:
        text = _AFTER_OPENING.sub("«" + NNBSP, text)
    if "»" in text:
        text = _BEFORE_CLOSING.sub(NNBSP + "»", text)
    return _BEFORE_MARK.sub(_space_before_mark, text)


def clean_text(text: str) -> str:
    """Text XML can hold: control characters dropped, every line break as ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text)


# --- dates and times ---------------------------------------------------------------------

def _day(value: date | datetime | str | None) -> date | None:
    """A date from a date, a stored instant (naive UTC → its Paris day) or an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return clock.local_date(value)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def short_date(value: date | datetime | str | None) -> str:
    """01/12/2026, for tables; '' when absent; an odd string is returned as it is."""
    day = _day(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    return day.strftime("%d/%m/%Y")


def long_date(value: date | datetime | str | None, lang: str = "fr") -> str:
    """"1er décembre 2026" (French), "1 December 2026" (English), for running text."""
    day = _day(value)
    if day is None:
        return "" if value in (None, "") else str(value)
    month = MONTHS.get(lang, MONTHS["fr"])[day.month - 1]
    if lang == "en":
        return f"{day.day} {month} {day.year}"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first}{NBSP}{month}{NBSP}{day.year}"


def clock_time(moment: datetime, lang: str = "fr") -> str:
    """"14 h 58" (French), "14:58" (English), in Paris time for a stored instant."""
    local = clock.local(moment)
    return f"{local.hour}{NBSP}h{NBSP}{local.minute:02d}" if lang != "en" else f"{local:%H:%M}"


def long_datetime(moment: datetime | None, lang: str = "fr") -> str:
    """"1er décembre 2026 à 14 h 58" (Paris time)."""
    if moment is None:
        return ""
    joiner = f" {'at' if lang == 'en' else 'à'} "
    return long_date(moment, lang) + joiner + clock_time(moment, lang)


def format_iso_date(value: str | None) -> str:
    """'2026-11-30' (as stored in a plan's content) → '30/11/2026'; '' when absent."""
    return short_date(value)
