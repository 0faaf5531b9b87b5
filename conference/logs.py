"""Server-side logging, configured in one place.

The screen never shows an error's details (``client.showErrorDetails = "none"``): a
database failure becomes a French sentence with a short reference, and the full error
(type, SQL, traceback) goes to this log under the same reference, so an administrator
can find it from what a user reads out over the phone.

``configure()`` is idempotent: ``scripts/serve.py`` calls it when the server starts, the
pages and the ``cercle`` command call it again harmlessly. ``CERCLE_LOG_LEVEL`` sets the
level (default ``INFO``); the log goes to standard error, where the service manager
(systemd's journal, ``docker logs``) keeps it. Log lines carry codes and ids, never
family content (an SQL error may quote field values: it is logged, never displayed).
"""
from __future__ import annotations

import logging
import os
import secrets
import sys

LOGGER_NAME = "cercle"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure() -> logging.Logger:
    """The ``cercle`` logger with one standard-error handler, whatever Streamlit did to
    the root logger."""
    logger = logging.getLogger(LOGGER_NAME)
    if not any(getattr(h, "_cercle", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._cercle = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(os.environ.get("CERCLE_LOG_LEVEL", "INFO").upper())
    return logger


def get(name: str) -> logging.Logger:
    """A child logger (``cercle.store``…), configured on first use."""
    configure()
    return logging.getLogger(f"{LOGGER_NAME}.{name}")


def new_reference() -> str:
    """A short code a user can read out: 8 characters, no look-alikes (0/O, 1/l)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))
