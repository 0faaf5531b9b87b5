"""Building the action plan with 40 actions, against bare python-docx writing the same
paragraphs and tables, in the same run (group "action_plan_40").

Target, reported and never asserted: ours within 1.5× of the baseline. Run with
``pytest tests/benchmarks/test_docx_build.py --benchmark-enable`` (``make bench``);
the normal suite runs each benchmark once as a plain test (``--benchmark-disable``).
"""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
from docx import Document

from exports.action_plan import build_action_plan, signatories, took_part
from exports.followup_form import build_followup_form

from ..exports.test_action_plan import moreau_diallo, moreau_diallo_draft

ACTIONS = 40


@pytest.fixture(scope="module")
def big_plan():
    sample = moreau_diallo_draft().actions[:4]
    actions = tuple(replace(sample[n % 4], id=n + 1, due=date(2026, 11, 30) + timedelta(days=n))
                    for n in range(ACTIONS))
    return moreau_diallo(draft=replace(moreau_diallo_draft(), actions=actions))


def bare_python_docx(conf, plan) -> bytes:
    """What a plain python-docx script writes for the same plan: same texts, same tables,
    default styles, no typography, no page set-up."""
    content = plan.content
    doc = Document()
    doc.add_heading("Plan d'action de la famille", 0)
    doc.add_paragraph(conf.title)
    doc.add_paragraph(f"Plan adopté le {plan.adopted_at:%d/%m/%Y} · version {plan.number}")
    doc.add_paragraph("Ce plan a été écrit par la famille et ses proches, pendant le temps privé de la "
                      "conférence familiale. Le plan dit qui fait quoi, et quand.")
    doc.add_heading("La question de la famille", 1)
    doc.add_paragraph("C'est la question que la famille a choisie, avec ses propres mots.")
    doc.add_paragraph(f"« {content['central_question']} »")
    doc.add_heading("Qui a participé", 1)
    for person in took_part(conf):
        doc.add_paragraph(person.name, style="List Bullet")
    doc.add_heading("Ce qui doit être dans tout plan", 1)
    doc.add_paragraph("La personne référente a demandé ces points. Le plan doit y répondre.")
    for line in content["bottom_lines"]:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("Nos actions", 1)
    doc.add_paragraph("Chaque ligne dit qui fait quoi, et quand.")
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("N°", "Quoi ?", "Qui ?", "Quand ?",
                                                 "Comment on saura que ça marche", "Soutien nécessaire")):
        cell.text = text
    for n, action in enumerate(content["actions"], start=1):
        cells = table.add_row().cells
        due = date.fromisoformat(action["due"]).strftime("%d/%m/%Y") if action["due"] else ""
        for cell, text in zip(cells, (str(n), action["what"], action["who"], f"{due}\n{action['when']}",
                                      action["success_sign"], action["support_needed"])):
            cell.text = text
    doc.add_heading("Si ça ne marche pas", 1)
    doc.add_paragraph(content["if_not_working"])
    doc.add_heading("Comment le plan sera suivi", 1)
    doc.add_paragraph(content["follow_arrangement"])
    doc.add_paragraph(f"Rendez-vous de suivi : {conf.follow_up.review_date:%d/%m/%Y}")
    doc.add_heading("Signatures", 1)
    doc.add_paragraph("En signant, chacun dit : « Je suis d'accord avec ce plan et je fais ma part. »")
    signatures = doc.add_table(rows=1, cols=3)
    signatures.style = "Table Grid"
    for cell, text in zip(signatures.rows[0].cells, ("Nom", "Signature", "Date")):
        cell.text = text
    for name in [p.name for p in signatories(conf)] + ["", "", conf.coordinator_name]:
        signatures.add_row().cells[0].text = name
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rows_of_first_table(data: bytes) -> int:
    """Rows of the actions table: the first with more than two columns (the plan opens with
    its two-column identity block)."""
    return len(next(t for t in Document(io.BytesIO(data)).tables if len(t.columns) > 2).rows)


@pytest.mark.benchmark(group="action_plan_40")
def test_build_action_plan_with_40_actions(benchmark, big_plan):
    conf, plan = big_plan

    data = benchmark(build_action_plan, conf, plan)

    assert _rows_of_first_table(data) == ACTIONS + 1


@pytest.mark.benchmark(group="action_plan_40")
def test_baseline_bare_python_docx_with_40_actions(benchmark, big_plan):
    conf, plan = big_plan

    data = benchmark(bare_python_docx, conf, plan)

    assert _rows_of_first_table(data) == ACTIONS + 1


@pytest.mark.benchmark(group="followup_form_40")
def test_build_followup_form_with_40_actions(benchmark, big_plan):
    conf, plan = big_plan

    data = benchmark(build_followup_form, conf, plan)

    assert sum(1 for t in Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text.startswith("Action")) == ACTIONS
