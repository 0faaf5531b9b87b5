"""The network map in a real browser: a family draws its circle through a family link
(twelve people, four ties, one person dragged), reloads and finds everything as left;
hostile names stay text in the map, the tooltips, the lists and the downloaded files;
no dialog opens and no request leaves the machine.

Each test makes its own fictional conference in the shared demo database (a copy of the
Moreau-Diallo demo under another title, with its "not safe" father Julien Moreau) and
never relies on counts of the demo itself.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from dataclasses import replace
from html.parser import HTMLParser

import networkx as nx
import pytest
from playwright.sync_api import expect

from conference import demo
from conference.domain.enums import Phase, Relation, TieKind
from conference.services import accounts, family_links, network
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .helpers import click_button, download, main, screenshot, text_of, wait_idle

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(1)</script>'
JULIEN = "Julien Moreau"
# (name, relation as the list shows it, circle as the form shows it)
TWELVE = [
    ("Cousin Malik", "Famille", "1 · très proche"), ("Tata Fatou", "Famille", "2 · proche"),
    (IMG, "Ami·e", "2 · proche"), (SCRIPT, "Voisin·e", "3 · plus loin"),
    ("Mme Roux (boulangère)", "Voisin·e", "3 · plus loin"), ("Parrain Bastien", "Personne de confiance", "1 · très proche"),
    ("Collègue de maman", "Collègue", "3 · plus loin"), ("Éducatrice du club", "Professionnel·le", "3 · plus loin"),
    ("Amie d'école Zoé", "Ami·e", "2 · proche"), ("Grand-oncle Ibrahim", "Famille", "Pas encore placé·e"),
    ("Pair-aidante Nadia", "Pair-aidant·e", "2 · proche"), ("Médecin de famille", "Expert·e", "3 · plus loin"),
]
TIES = [("Cousin Malik", "Tata Fatou", "Ils s'entraident"), (IMG, SCRIPT, "Conflit"),
        ("Parrain Bastien", "Cousin Malik", "Ils s'entraident"), ("Tata Fatou", "Grand-oncle Ibrahim", "Contact rompu")]


# --- set-up through the services -------------------------------------------------------------

class Database:
    """Short sessions on the test server's database, for set-up and for checking what was saved."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.coordinator = accounts.local_coordinator(uow=self.uow())

    def uow(self) -> UnitOfWork:
        return UnitOfWork(session_factory(self.engine))

    def new_conference(self, title: str, phase: Phase = Phase.PREPARATION) -> int:
        return demo.journey(self.coordinator, replace(demo.MOREAU_DIALLO, title=title), until=phase, uow=self.uow())

    def family_link(self, cid: int) -> str:
        return family_links.create_family_link(self.coordinator, cid, uow=self.uow())[1]

    def people(self, cid: int) -> dict:
        return {p.name: p for p in network.get_network(self.coordinator, cid, uow=self.uow()).participants}

    def ties(self, cid: int) -> set:
        names = {p.id: p.name for p in self.people(cid).values()}
        return {(frozenset((names[t.source_id], names[t.target_id])), t.kind)
                for t in network.get_network(self.coordinator, cid, uow=self.uow()).ties}


@pytest.fixture
def db(demo_database):
    database = Database(demo_database)
    yield database
    database.engine.dispose()


# --- driving the page --------------------------------------------------------------------------

def the_map(page):
    """The drawn map (inside the component's shadow root, which Playwright's CSS pierces)."""
    drawn = page.locator(".cercle-map[data-state='drawn']")
    drawn.wait_for(timeout=30_000)
    return drawn


def map_nodes(page) -> dict:
    """{id: {label, x, y}} as vis-network holds them in the browser."""
    nodes = the_map(page).evaluate("el => el.cercleMap.nodes.get().map(n => ({id: n.id, label: n.label, x: n.x, y: n.y}))")
    return {node["id"]: node for node in nodes}


def on_screen(page, ident: int) -> dict:
    """Where a person is drawn, in page pixels."""
    return the_map(page).evaluate(
        """(el, id) => { const net = el.cercleMap.network, p = net.getPositions([id])[id], d = net.canvasToDOM(p);
                         const box = el.querySelector('.cercle-vis').getBoundingClientRect();
                         return {x: box.left + d.x, y: box.top + d.y}; }""", ident)


def open_tab(page, name: str) -> None:
    main(page).get_by_role("tab", name=name, exact=True).click()
    wait_idle(page)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the select box labelled ``label``. Streamlit's select box opens its
    list on the arrow key (a click only focuses it)."""
    box = main(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()


def add_person(page, name: str, relation: str, ring: str) -> None:
    form = main(page).get_by_test_id("stForm").filter(has_text="Prénom, nom ou surnom")
    form.get_by_label("Prénom, nom ou surnom", exact=True).fill(name)
    choose(page, "Qui est-ce pour Lina ?", relation)
    form.get_by_text(ring, exact=True).click()
    click_button(page, "Ajouter sur la carte")


def add_tie(page, a: str, b: str, kind: str) -> None:
    choose(page, "Première personne", a)
    choose(page, "Deuxième personne", b)
    main(page).get_by_test_id("stForm").filter(has_text="Relier deux personnes").get_by_text(kind, exact=True).click()
    click_button(page, "Tracer le lien")


def drag(page, ident: int, dx: float, dy: float) -> None:
    the_map(page).scroll_into_view_if_needed()
    page.wait_for_timeout(200)  # Streamlit scrolls its main area smoothly
    start = on_screen(page, ident)
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    for step in range(1, 11):  # several moves: vis-network needs a real drag, not a jump
        page.mouse.move(start["x"] + dx * step / 10, start["y"] + dy * step / 10)
    page.mouse.up()
    wait_idle(page)


def no_attack(page, record) -> None:
    """Nothing a hostile name could have made: no dialog, no image, no extra script, no error,
    no request elsewhere."""
    assert not record.dialogs, f"a dialog fired: {record.dialogs}"
    expect(page.locator("img[src='x']")).to_have_count(0)
    expect(page.locator("script", has_text="alert(1)")).to_have_count(0)
    assert not record.page_errors, f"JavaScript errors: {record.page_errors}"
    assert not record.outside("127.0.0.1"), f"requests left the machine: {record.outside('127.0.0.1')}"


# --- the family draws its circle ---------------------------------------------------------------

def test_a_family_draws_its_circle_and_finds_it_again_after_a_reload(page, base_url, db, record, shots_dir):
    cid = db.new_conference("Famille Carte-Fictive (test navigateur)")
    token = db.family_link(cid)
    page.goto(f"{base_url}/?famille={token}", wait_until="domcontentloaded")
    wait_idle(page)
    page.goto(f"{base_url}/notre-carte?famille={token}", wait_until="domcontentloaded")
    wait_idle(page)
    the_map(page)

    for name, relation, ring in TWELVE:
        add_person(page, name, relation, ring)
    open_tab(page, "Liens")
    for a, b, kind in TIES:
        add_tie(page, a, b, kind)
    saved = db.people(cid)
    malik = saved["Cousin Malik"]
    drag(page, malik.id, 90, -60)
    screenshot(page, shots_dir / "network-family-1280.png")

    moved = db.people(cid)["Cousin Malik"]
    assert moved.position is not None and moved.position != (malik.position or (None, None))
    assert moved.version == malik.version + 1
    assert all(name in saved for name, _relation, _ring in TWELVE)
    assert db.ties(cid) == {(frozenset((a, b)), kind) for (a, b, _), kind in
                            zip(TIES, (TieKind.SUPPORT, TieKind.CONFLICT, TieKind.SUPPORT, TieKind.BROKEN))}
    assert saved[IMG].relation is Relation.FRIEND and saved[SCRIPT].ring == 3

    page.reload()
    wait_idle(page)
    nodes = map_nodes(page)

    assert nodes[moved.id]["x"] == pytest.approx(moved.position[0], abs=0.5)
    assert nodes[moved.id]["y"] == pytest.approx(moved.position[1], abs=0.5)
    assert {nodes[saved[name].id]["label"] for name, _, _ in TWELVE} == {name for name, _, _ in TWELVE}
    listed = text_of(page).split("Qui est sur notre carte")[1]
    assert all(name in listed for name, _relation, _ring in TWELVE)
    main(page).get_by_text("Les liens (4)").click()
    assert f"{IMG} — {SCRIPT} : Conflit" in text_of(page) or f"{SCRIPT} — {IMG} : Conflit" in text_of(page)
    assert JULIEN not in text_of(page) and JULIEN not in {n["label"] for n in nodes.values()}
    no_attack(page, record)


def test_hostile_names_are_text_in_the_map_and_its_tooltips(page, base_url, db, record):
    cid = db.new_conference("Famille Infobulle-Fictive (test navigateur)")
    for name, relation in ((IMG, Relation.FRIEND), (SCRIPT, Relation.NEIGHBOUR)):
        network.add_member(db.coordinator, cid, name, relation, 1, uow=db.uow())
    people = db.people(cid)
    page.goto(f"{base_url}/notre-carte?famille={db.family_link(cid)}", wait_until="domcontentloaded")
    wait_idle(page)

    the_map(page).scroll_into_view_if_needed()
    for name in (IMG, SCRIPT):
        where = on_screen(page, people[name].id)
        page.mouse.move(where["x"], where["y"])
        tooltip = page.locator(".cercle-tooltip")
        expect(tooltip).to_be_visible()
        assert tooltip.inner_text().splitlines()[0] == name  # the name as text, first line
        expect(tooltip.locator("img, script")).to_have_count(0)
        page.mouse.move(5, 5)

    assert map_nodes(page)[people[IMG].id]["label"] == IMG
    no_attack(page, record)


def test_tapping_a_person_opens_them_in_change_a_person(page, base_url, db, record):
    cid = db.new_conference("Famille Toucher-Fictive (test navigateur)")
    karim = db.people(cid)["Oncle Karim"]
    page.goto(f"{base_url}/notre-carte?famille={db.family_link(cid)}", wait_until="domcontentloaded")
    wait_idle(page)
    the_map(page).scroll_into_view_if_needed()

    where = on_screen(page, karim.id)
    page.mouse.click(where["x"], where["y"])
    wait_idle(page)

    expect(main(page).get_by_role("tab", name="Changer une personne")).to_have_attribute("aria-selected", "true")
    expect(main(page).get_by_role("combobox", name="Personne", exact=True)).to_have_value("Oncle Karim")
    assert db.people(cid)["Oncle Karim"].version == karim.version  # a tap changes nothing
    no_attack(page, record)


def test_the_family_map_fits_a_phone(page, base_url, db, record, shots_dir):
    cid = db.new_conference("Famille Téléphone-Fictive (test navigateur)")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/notre-carte?famille={db.family_link(cid)}", wait_until="domcontentloaded")
    wait_idle(page)
    box = the_map(page).bounding_box()
    page.screenshot(path=str(shots_dir / "network-family-390.png"))
    screenshot(page, shots_dir / "network-family-390-full.png")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    assert box["width"] <= 390 and box["height"] <= 844 * 0.8, "the map leaves no room to scroll the page"
    expect(main(page).get_by_role("button", name="Ajouter sur la carte")).to_be_visible()
    no_attack(page, record)


# --- the coordinator's files ------------------------------------------------------------------

class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_downloaded_files_hold_hostile_names_as_text_and_never_the_person_not_safe(
        page, base_url, db, record, tmp_path, shots_dir):
    cid = db.new_conference("Famille Fichiers-Fictive (test navigateur)")
    for name in (IMG, SCRIPT):
        network.add_member(db.coordinator, cid, name, Relation.FRIEND, 2, uow=db.uow())
    people = db.people(cid)
    network.add_tie(db.coordinator, cid, people[IMG].id, people[SCRIPT].id, TieKind.CONFLICT, uow=db.uow())
    page.goto(f"{base_url}/carte-reseau?c={cid}", wait_until="domcontentloaded")
    wait_idle(page)
    the_map(page)
    screenshot(page, shots_dir / "network-coordinator-1280.png")
    open_tab(page, "Fichiers")

    files = {name: download(page, name, into=tmp_path) for name in (
        "JSON (Cercle, autres outils)", "CSV dans un ZIP (tableur)", "GraphML (logiciels de réseau)",
        "Carte hors ligne (HTML), à garder par la famille", "Carte à imprimer (PDF)")}

    members = [m["name"] for m in json.loads(files["JSON (Cercle, autres outils)"].read_text("utf-8"))["members"]]
    assert IMG in members and SCRIPT in members and JULIEN not in members
    with zipfile.ZipFile(files["CSV dans un ZIP (tableur)"]) as archive:
        csv_text = archive.read("members.csv").decode("utf-8-sig")
    assert IMG in csv_text and JULIEN not in csv_text
    graph = nx.read_graphml(files["GraphML (logiciels de réseau)"])
    assert {IMG, SCRIPT} <= {d.get("name") for _, d in graph.nodes(data=True)}
    offline = files["Carte hors ligne (HTML), à garder par la famille"].read_text("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in offline and JULIEN not in offline
    parser = Tags()
    parser.feed(offline)
    assert "img" not in [tag for tag, _ in parser.tags] and [tag for tag, _ in parser.tags].count("script") == 3

    printed = files["Carte à imprimer (PDF)"]
    assert printed.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):  # poppler-utils; without it the PDF's own tests (tests/exports) still run
        text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True).stdout
        assert "alert(1)" in text and JULIEN not in text

    page.goto(files["Carte hors ligne (HTML), à garder par la famille"].as_uri())
    drawn = page.locator(".cercle-map[data-state='drawn']")
    drawn.wait_for()
    labels = drawn.evaluate("el => window.cercleMapInstance.nodes.get().map(n => n.label)")
    assert IMG in labels and SCRIPT in labels
    expect(page.get_by_text(f"{IMG} — {SCRIPT} : Conflit")).to_be_visible()
    assert not record.dialogs and not record.page_errors
    elsewhere = [url for url in record.outside("127.0.0.1") if not url.startswith("file://")]
    assert not elsewhere, f"requests left the machine: {elsewhere}"


def test_an_import_with_mistakes_lists_every_problem_in_french_and_changes_nothing(page, base_url, db, tmp_path):
    cid = db.new_conference("Famille Import-Fictive (test navigateur)")
    before = set(db.people(cid))
    bad = tmp_path / "members.csv"
    bad.write_text("name;relation;ring\nCousine Awa;cousinn;1\nVoisin Hugo;neighbour;7\n", encoding="utf-8")
    page.goto(f"{base_url}/carte-reseau?c={cid}", wait_until="domcontentloaded")
    wait_idle(page)
    open_tab(page, "Fichiers")

    main(page).get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    wait_idle(page)
    click_button(page, "Importer")

    problems = main(page).get_by_test_id("stAlertContentError").inner_text()
    assert "Le fichier n'a pas été importé ; rien n'a changé." in problems
    assert "ligne 2, champ relation" in problems and "cousinn" in problems and "ligne 3, champ ring" in problems
    assert set(db.people(cid)) == before
