"""One argon2 hasher for passwords, hand-back PINs and one-time codes.

Argon2 is slow on purpose (tens of milliseconds and 64 MiB per hash). The test suite
creates thousands of accounts, so ``tests/conftest.py`` swaps in cheap parameters with
``use``; a stored hash carries its own parameters, so either hasher verifies it.
"""
from __future__ import annotations

from argon2 import PasswordHasher

_hasher = PasswordHasher()


def hasher() -> PasswordHasher:
    return _hasher


def use(replacement: PasswordHasher) -> PasswordHasher:
    """Put ``replacement`` in place (tests only); returns the one it replaces."""
    global _hasher
    previous, _hasher = _hasher, replacement
    return previous
