"""The password rule: long enough, unpredictable enough, not a common one. Pure: no
database, no Streamlit; ``services/auth.py`` calls ``check_password`` before hashing.

It follows the CNIL recommendation on passwords (délibération n° 2022-100) and the
ANSSI guide on authentication (2021): with a password alone, aim for about 80 bits of
entropy, e.g. 12 characters mixing lower case, upper case, digits and special
characters, or 14 characters of three kinds, or a long passphrase; and refuse the most
common passwords. The entropy is estimated the way both documents do (length × log2 of
the alphabet the characters are drawn from), on an *effective* length that does not
count what a guesser gets for free: a character repeating the one before it or
continuing a run (``aaaa``, ``1234``, ``abcd``), and characters past twice the number of
different ones (``abababababab``).

``WeakPassword.reason``: ``too_short`` (fewer than ``MIN_LENGTH`` characters),
``common`` (a common password, possibly dressed up with digits, punctuation, capitals or
l33t, or one that is weak once the person's own login and name are taken out of it),
``too_simple`` (under ``MIN_BITS``).
"""
from __future__ import annotations

import math
import re
import string
import unicodedata
from functools import lru_cache
from importlib import resources

from conference.domain.errors import WeakPassword

MIN_LENGTH = 12
#: 12 characters drawn from the 95 printable ASCII ones give 78.8 bits: the CNIL's own
#: "12 characters of four kinds" example. Below that, a password is refused.
MIN_BITS = 78.0
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a",
                       "$": "s", "!": "i", "€": "e"})
_ALPHABETS = ((string.ascii_lowercase, 26), (string.ascii_uppercase, 26), (string.digits, 10),
              (string.punctuation + " ", 33))
_OTHER_LETTERS = 40  # accented and other non-ASCII letters (é, ç, ß…): a conservative count


def N_(message: str) -> str:
    """Marks a message for the catalogs (conference.i18n.N_, without importing it here)."""
    return message


#: What to tell the person for each ``WeakPassword.reason`` (French in hardening.po):
#: ``_(MESSAGES[error.reason], n=error.min_length)``.
MESSAGES = {
    "too_short": N_("The password must have at least {n} characters."),
    "common": N_("This password is among the most used ones, or is built on the login or the name: choose "
                 "another one."),
    "too_simple": N_("This password is too easy to guess (repeated characters, runs such as 1234 or abcd, too few "
                     "kinds of characters). Use at least {n} characters mixing lower case, capitals, digits and "
                     "signs, or a sentence of several words."),
}


#: The rule in one sentence, under the password fields.
HELP = N_("At least {n} characters mixing lower case, capitals, digits and signs, or a sentence of several words. "
          "Not a common password, and not your name or login.")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("conference.security").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _alphabet_size(password: str) -> int:
    size = sum(count for chars, count in _ALPHABETS if any(c in chars for c in password))
    if any(ord(c) > 127 for c in password):
        size += _OTHER_LETTERS
    return size


def effective_length(password: str) -> int:
    """The characters a guesser does not get for free (see the module's docstring)."""
    kept = 0
    for previous, current in zip(" " + password, password):
        step = ord(current) - ord(previous)
        if previous != " " and step in (0, 1, -1) and kept:
            continue  # aaaa, abcd, 4321: predictable from the character before
        kept += 1
    return min(kept, 2 * len(set(password)))


def entropy_bits(password: str) -> float:
    """Estimated entropy in bits (CNIL/ANSSI formula on the effective length)."""
    size = _alphabet_size(password)
    return effective_length(password) * math.log2(size) if size > 1 else 0.0


def _skeleton(text: str) -> str:
    """Lower case, accents and l33t undone, digits and punctuation around the word dropped:
    "Az3rty2024!" → "azerty"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    core = text.strip(string.digits + string.punctuation + " ")
    return (core or text).translate(_LEET).strip(string.digits + string.punctuation + " ")


def without_personal(password: str, personal: tuple[str, ...]) -> str:
    """The password minus the words of the login and name it holds (a guesser tries them first)."""
    words = {w.casefold() for value in personal for w in re.split(r"[\W_]+", value or "") if len(w) >= 3}
    rest = password
    for word in sorted(words, key=len, reverse=True):
        rest = re.sub(re.escape(word), "", rest, flags=re.IGNORECASE)
    return rest


def is_common(password: str, *, personal: tuple[str, ...] = ()) -> bool:
    """On the list, alone or dressed up; or built on the person's own login or name (what
    is left without them would be too weak)."""
    common = common_passwords()
    plain = password.casefold()
    if plain in common or _skeleton(password) in common or plain.translate(_LEET) in common:
        return True
    rest = without_personal(password, personal)
    return rest != password and entropy_bits(rest) < MIN_BITS


def check_password(password: str | None, *, personal: tuple[str, ...] = ()) -> None:
    """Raise ``WeakPassword`` unless ``password`` may protect a Cercle account.
    ``personal``: the account's login and name, which a password must not be built on."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(MIN_LENGTH, "too_short")
    if is_common(password, personal=personal):
        raise WeakPassword(MIN_LENGTH, "common")
    if entropy_bits(password) < MIN_BITS:
        raise WeakPassword(MIN_LENGTH, "too_simple")
