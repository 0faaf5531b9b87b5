"""Guard: every user-facing message has a French translation, and labels cover enums."""
from __future__ import annotations

import pytest

from conference.domain import enums
from conference.i18n import catalog, check, translator
from conference.i18n.labels import LABELS, label


def test_every_message_in_the_code_has_a_french_translation():
    missing = check.missing("fr")

    assert not missing, (
        "French translations missing — run `python -m conference.i18n.check` and add them to the "
        f".po file of the area: {sorted(missing.items(), key=lambda kv: kv[1])[:20]}")


@pytest.mark.parametrize("enum_cls", [v for v in vars(enums).values()
                                      if isinstance(v, type) and issubclass(v, enums.Enum) and v is not enums.StrEnum])
def test_every_enum_value_has_a_label(enum_cls):
    missing = [m for m in enum_cls if (enum_cls, m.value) not in LABELS]

    assert not missing, f"Add labels for {missing} in conference/i18n/labels.py"


def test_labels_are_french_by_default_and_english_on_request():
    assert label(enums.Phase.PRIVATE_TIME) == "Réunion : temps privé"
    assert label(enums.Phase.PRIVATE_TIME, "en") == "Meeting: private time"


def test_placeholders_survive_translation():
    _ = translator("fr")

    assert _("Current step: {phase}", phase="Suivi") == "Étape en cours : Suivi"


def test_french_translations_keep_the_placeholders_of_their_id():
    import string

    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}
    broken = [msgid for msgid, text in catalog("fr").items() if fields(msgid) != fields(text)]

    assert not broken, f"These French translations change the {{placeholders}}: {broken}"
