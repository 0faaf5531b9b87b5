"""Reading directory files (conference.domain.directory), pure: line numbers stay right
with quoted multi-line values, list fields in every shape data·inclusion exports use,
French dates, a broken JSON file's line."""
from __future__ import annotations

from datetime import date

from conference.domain import directory

TODAY = date(2026, 11, 23)
HEADER = ";".join(directory.TEMPLATE_COLUMNS)


def row(**values) -> str:
    base = dict.fromkeys(directory.TEMPLATE_COLUMNS, "")
    base.update({"id": "x", "source": "cercle", "nom": "CCAS Imaginaire", "date_maj": "2026-10-01"}, **values)
    return ";".join(base[c] for c in directory.TEMPLATE_COLUMNS)


def test_a_quoted_value_over_two_lines_keeps_the_next_rows_line_numbers_right():
    text = "\n".join([HEADER, row(id="a", missions='"Aides\nénergie"'), row(id="b", date_maj="demain")]) + "\n"
    parsed = directory.parse(text.encode(), "csv", TODAY)
    assert [(p.line, p.field, p.code) for p in parsed.problems] == [(4, "date_maj", "bad_date")]


def test_list_fields_in_every_shape_and_french_dates():
    for codes in ("caf,ccas-cias", "caf|ccas-cias", '["caf", "ccas-cias"]', "{'caf','ccas-cias'}", "caf, caf,ccas-cias"):
        text = "\n".join([HEADER, row(reseaux_porteurs=codes.replace(";", ""), date_verification="1/2/2026")])
        parsed = directory.parse(("\ufeff" + text).encode(), "csv", TODAY)
        assert not parsed.problems, codes
        assert parsed.structures[0].reseaux_porteurs == ("caf", "ccas-cias")
        assert parsed.structures[0].last_verified == date(2026, 2, 1)


def test_a_broken_json_file_names_its_line_and_an_empty_file_is_refused():
    broken = b'[\n  {"id": "a",\n   "nom": }\n]'
    assert [(p.line, p.code) for p in directory.parse(broken, "datainclusion", TODAY).problems] == [(3, "bad_json")]
    assert [p.code for p in directory.parse(b"[]", "datainclusion", TODAY).problems] == ["empty"]
    assert [p.code for p in directory.parse(HEADER.encode(), "csv", TODAY).problems] == ["empty"]


def test_a_contact_without_a_name_and_too_long_values_are_problems():
    text = "\n".join([HEADER, row(contact_role="Conseillère", nom="C" * 151)])
    problems = directory.parse(text.encode(), "csv", TODAY).problems
    assert {(p.field, p.code) for p in problems} == {("nom", "too_long"), ("contact_nom_prenom", "required")}


def test_the_reminder_starts_after_a_year():
    assert directory.needs_verification(None, TODAY)
    assert not directory.needs_verification(date(2025, 11, 23), TODAY)
    assert directory.needs_verification(date(2025, 11, 22), TODAY)
