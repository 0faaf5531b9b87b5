"""Find user-facing messages missing from a catalog.

    python -m conference.i18n.check            # French messages missing, as .po entries
    python -m conference.i18n.check --lang en  # (English falls back to the msgid)

A message is any literal first argument of ``_()`` or ``N_()`` in the app's code.
"""
from __future__ import annotations

import argparse
import ast
from pathlib import Path

from . import catalog

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("conference", "pages", "exports", "streamlit_app.py")


def source_files() -> list[Path]:
    files: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def messages() -> dict[str, str]:
    """{msgid: "file:line"} for every literal passed to _() or N_()."""
    found: dict[str, str] = {}
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def missing(lang: str = "fr") -> dict[str, str]:
    known = catalog(lang)
    return {msgid: where for msgid, where in messages().items() if msgid not in known}


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    for msgid, where in sorted(missing(args.lang).items(), key=lambda kv: kv[1]):
        print(f"#: {where}\nmsgid {_po_quote(msgid)}\nmsgstr \"\"\n")


if __name__ == "__main__":
    main()
