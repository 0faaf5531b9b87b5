"""Add translations to a .po file (creating it if needed): a developer's helper.

    python tools/po_add.py conference/i18n/locales/fr/LC_MESSAGES/common.po entries.json

``entries.json`` maps English msgid → translation. Existing entries are updated.
"""
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def main(po_path: str, entries_path: str) -> None:
    path = Path(po_path)
    lang = path.parts[-3]
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="cercle", charset="utf-8")
    for msgid, msgstr in json.loads(Path(entries_path).read_text(encoding="utf-8")).items():
        if msgid in catalog:
            del catalog[msgid]  # Catalog.add keeps an existing translation: replace it
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
