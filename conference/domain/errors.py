"""One exception per broken rule. Each carries its facts as attributes and an English
message for the logs; pages turn the class into French text from the catalogs."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every rule Cercle refuses to break."""


class StaleWrite(DomainError):
    def __init__(self, what: str, expected: int, current: int):
        super().__init__(f"{what}: version {expected} is stale, current is {current}")
        self.what, self.expected, self.current = what, expected, current


class NotFound(DomainError):
    def __init__(self, what: str, ident: object):
        super().__init__(f"{what} {ident!r} not found")
        self.what, self.ident = what, ident


class Forbidden(DomainError):
    def __init__(self, action: str, target: object = None):
        super().__init__(f"{action} refused on {target!r}")
        self.action, self.target = action, target


class PhaseChangeNotAllowed(DomainError):
    """The target phase is not reachable from the current one, or preconditions fail."""

    def __init__(self, current, target, missing: tuple[str, ...] = ()):
        super().__init__(f"cannot go from {current} to {target}; missing: {', '.join(missing) or '-'}")
        self.current, self.target, self.missing = current, target, tuple(missing)


class WrongPhase(DomainError):
    """The action only makes sense in other phases (e.g. editing the plan once adopted)."""

    def __init__(self, action: str, phase, allowed: tuple = ()):
        super().__init__(f"{action} not possible in phase {phase}")
        self.action, self.phase, self.allowed = action, phase, tuple(allowed)


class NeutralityConflict(DomainError):
    def __init__(self, reasons: tuple[str, ...]):
        super().__init__(f"neutrality conflict: {', '.join(reasons)}")
        self.reasons = tuple(reasons)


class InvalidInput(DomainError):
    """A user value breaks a rule; ``field`` names it and ``code`` is a catalog key."""

    def __init__(self, field: str, code: str, **facts):
        super().__init__(f"{field}: {code} {facts or ''}")
        self.field, self.code, self.facts = field, code, facts


class PlanNotReady(DomainError):
    def __init__(self, findings):
        super().__init__(f"plan has {len(findings)} finding(s)")
        self.findings = tuple(findings)


class RatificationRefused(DomainError):
    def __init__(self, reason: str):
        super().__init__("the referent refused the plan")
        self.reason = reason


class LoginRefused(DomainError):
    """``reason``: ``credentials`` (unknown login or wrong password: never say which),
    ``locked`` (too many failures; ``until`` says when it opens again) or ``disabled``."""

    def __init__(self, reason: str, until=None):
        super().__init__(f"login refused: {reason}")
        self.reason, self.until = reason, until


class WeakPassword(DomainError):
    """``reason``: ``too_short``, ``too_simple`` (too few different characters, too
    predictable) or ``common`` (on the list of the most used passwords)."""

    def __init__(self, min_length: int, reason: str = "too_short"):
        super().__init__(f"password refused: {reason} (minimum {min_length} characters)")
        self.min_length, self.reason = min_length, reason


class FamilyLinkInvalid(DomainError):
    """``reason``: ``unknown`` (altered or never issued), ``expired`` or ``revoked``."""

    def __init__(self, reason: str):
        super().__init__(f"family link refused: {reason}")
        self.reason = reason


class StorageError(DomainError):
    """The database could not do the work: ``busy`` (locked by another writer past the
    wait) or ``unavailable`` (any other database failure). ``reference`` is the short code
    under which the full error was logged server-side; the screen shows only the code."""

    def __init__(self, reason: str, reference: str):
        super().__init__(f"database {reason} (reference {reference})")
        self.reason, self.reference = reason, reference
