"""The password rule (CNIL 2022-100 / ANSSI): length, entropy, no common password (#8)."""
from __future__ import annotations

import pytest

from conference.domain.errors import WeakPassword
from conference.security.passwords import MIN_LENGTH, check_password, common_passwords, entropy_bits


def reason(password: str, **kwargs) -> str | None:
    try:
        check_password(password, **kwargs)
    except WeakPassword as refused:
        return refused.reason
    return None


@pytest.mark.parametrize("password, expected", [
    (" " * 12, "too_simple"),
    ("a" * 12, "too_simple"),
    ("a" * 40, "too_simple"),  # long, but one character repeated
    ("abababababababab", "too_simple"),
    ("123456789012", "common"),
    ("abcdefghijklmnop", "too_simple"),  # a run
    ("azertyuiop12", "common"),
    ("Azerty2026!!", "common"),  # dressed up
    ("M0tDeP4sse2026", "common"),  # l33t
    ("Soleil2026!!?", "common"),
    ("court-1A!", "too_short"),
    ("", "too_short"),
])
def test_weak_passwords_are_refused_with_their_reason(password, expected):
    assert reason(password) == expected


@pytest.mark.parametrize("password", [
    "Cer7!kLp#2qZ",  # 12 characters of the four kinds: the CNIL's example
    "Lina8ansAimeLeVelo",  # 14+ characters of three kinds
    "un-mot-de-passe-fictif",
    "la chèvre de monsieur seguin",  # a passphrase
])
def test_strong_passwords_are_accepted(password):
    assert reason(password) is None
    assert entropy_bits(password) >= 78


def test_a_password_built_on_the_login_or_the_name_is_refused():
    assert reason("Odile.Martin2026!", personal=("odile.martin", "Odile Martin")) == "common"
    assert reason("Odile.Martin2026!") is None


def test_the_list_of_common_passwords_ships_with_the_package():
    common = common_passwords()
    assert {"123456", "azerty", "motdepasse", "password"} <= common
    assert all(p == p.lower() for p in common)
    assert MIN_LENGTH == 12
