"""What may leave Cercle about a person or a situation: keyed pseudonyms, months, and
open text only with consent.

Study ids are HMAC-SHA256 of the store's identifier with the département's secret
(``CERCLE_STUDY_KEY``, kept outside the database): the same situation gets the same id in
every export of the same département, and nobody without the key can link an id back to a
conference, nor guess it from the small conference numbers.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from datetime import date
from typing import Iterable

from .errors import StudyKeyMissing
from .types import Answer, QuoteConsent, Referral

STUDY_KEY_VARIABLE = "CERCLE_STUDY_KEY"
ID_LENGTH = 16  # hex characters: 64 bits, ample for a département's few thousand rows


def study_key(environ=None) -> bytes:
    """The secret from ``CERCLE_STUDY_KEY``; any non-empty string is a valid key.

    Raises :class:`StudyKeyMissing` (French message in the catalog) when it is unset or empty.
    """
    value = (os.environ if environ is None else environ).get(STUDY_KEY_VARIABLE, "")
    if not value:
        raise StudyKeyMissing()
    return value.encode("utf-8")


def study_id(key: bytes, kind: str, ref: str) -> str:
    """Keyed pseudonym of one record; ``kind`` (``referral``, ``answer``) keeps the id
    spaces of different tables apart."""
    return hmac.digest(key, f"{kind}:{ref}".encode("utf-8"), hashlib.sha256).hex()[:ID_LENGTH]


def study_ids(key: bytes, kind: str, refs: Iterable[str]) -> list[str]:
    """``[study_id(key, kind, ref) for ref in refs]``, about 2.5 times faster: the HMAC's
    keyed inner and outer SHA-256 states are computed once and copied for each ref (RFC 2104;
    an export hashes every situation and every answer of a département)."""
    block = key if len(key) <= 64 else hashlib.sha256(key).digest()
    block = block.ljust(64, b"\0")
    inner = hashlib.sha256(block.translate(bytes(x ^ 0x36 for x in range(256))))
    outer = hashlib.sha256(block.translate(bytes(x ^ 0x5C for x in range(256))))
    prefix, ids = f"{kind}:", []
    for ref in refs:
        digest = inner.copy()
        digest.update(f"{prefix}{ref}".encode("utf-8"))
        final = outer.copy()
        final.update(digest.digest())
        ids.append(final.hexdigest()[:ID_LENGTH])
    return ids


def month(day: date | None) -> str:
    """``2026-03``: month and year only, never the exact date."""
    return "" if day is None else f"{day.year:04d}-{day.month:02d}"


def quarter(day: date | None) -> str:
    """``2026-T1`` (trimestre)."""
    return "" if day is None else f"{day.year:04d}-T{(day.month - 1) // 3 + 1}"


def may_leave(answer: Answer, referral: Referral | None, *, publication: bool = False) -> bool:
    """Whether an answer's open text may leave Cercle: its author agreed to be quoted
    (for a publication, to an anonymised publication) and the family agreed that its
    conference takes part in the evaluation."""
    if referral is None or not referral.evaluation_consent:
        return False
    wanted = (QuoteConsent.PUBLICATION,) if publication else (QuoteConsent.INTERNAL, QuoteConsent.PUBLICATION)
    return answer.quote_consent in wanted
