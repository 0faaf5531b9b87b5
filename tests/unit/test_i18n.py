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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_message_is_translated_two_ways_in_two_catalogs(lang):
    """Catalogs are merged into one: a message id translated differently in two areas
    silently takes the last file's words everywhere (a follow-up form once printed the
    questionnaire's « Tout à fait » for a situation « Complètement » resolved). Give the
    message its own id instead."""
    from babel.messages.pofile import read_po

    from conference.i18n import LOCALES

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted((LOCALES / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if not message.id or not message.string or message.fuzzy:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                text = message.string if isinstance(message.string, str) else message.string[0]
                first = seen.setdefault(key, (po.name, text))
                if first[1] != text:
                    clashes.append((key, first, (po.name, text)))

    assert not clashes, clashes
