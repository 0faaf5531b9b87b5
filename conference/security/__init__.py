"""Who may do what: pure predicates, one place for every rule (see rules.py)."""
from .rules import *  # noqa: F401,F403
from .rules import Actor, ConferenceAccess  # noqa: F401
