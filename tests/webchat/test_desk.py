"""The counter's lookup desk: role staff, search with filters, one-page handouts as HTML and PDF."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import catalogue
from tests.webchat.editor_helpers import PASSWORD, login, post


@pytest.fixture()
def staff(client, sessions):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        catalogue.create_user(session, "sabine", PASSWORD, "staff")
    assert login(client, "sabine").status_code == 302
    return client


def _search(client, **fields: str):  # type: ignore[no-untyped-def]
    return post(client, "/redaktion/auskunft", "/redaktion/auskunft", **fields)


def test_staff_start_at_the_desk_and_cannot_edit(staff) -> None:
    start = staff.get("/redaktion/")
    assert start.status_code == 302 and start.location.endswith("/redaktion/auskunft")
    for path in (
        "/redaktion/eintraege/neu",
        "/redaktion/aufmerksamkeit",
        "/redaktion/kontaktwuensche",
        "/redaktion/benutzer",
    ):
        assert staff.get(path).status_code == 403, path
    page = staff.get("/redaktion/auskunft").get_data(as_text=True)
    assert "nichts über die Person am Schalter gespeichert" in page
    assert "Neuer Eintrag" not in page


def test_editors_see_the_desk_too(editor) -> None:
    assert editor.get("/redaktion/auskunft").status_code == 200


def test_the_desk_needs_a_sign_in(client) -> None:
    response = client.get("/redaktion/auskunft")
    assert response.status_code == 302 and "/redaktion/anmelden" in response.location


def test_search_with_filters_lists_the_key_facts(staff) -> None:
    html = _search(staff, q="Tafel", bezirk="Nordhafen").get_data(as_text=True)
    assert "1 Angebote" in html or "Angebote" in html
    assert "Nordhafen" in html and "Tafel" in html
    assert html.count('class="desk__row"') >= 1
    free = _search(staff, q="Beratung", kategorie="Schuldnerberatung", kostenlos="1").get_data(as_text=True)
    assert free.count('class="desk__row"') == 2 and "kostenlos" in free


def test_a_filter_that_leaves_nothing_is_named(staff) -> None:
    html = _search(staff, q="Tafel", kostenlos="1").get_data(as_text=True)
    assert "ohne „kostenlos“, weil damit nichts passte" in html


def test_desk_searches_are_not_stored(staff, sessions) -> None:
    _search(staff, q="Quantenphysik Raumschiff Zeitmaschine")
    with sessions.begin() as session:
        assert session.scalar(select(func.count(catalogue.UnansweredQuestion.id))) == 0


def _service(sessions, name_part: str) -> catalogue.Service:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        service = session.scalars(select(catalogue.Service).where(catalogue.Service.name.contains(name_part))).first()
        session.expunge(service)
        return service


def test_a_handout_has_the_key_facts_and_a_qr_code_to_the_website(staff, sessions) -> None:
    service = _service(sessions, "Sozialzentrum Weidenbruch – Wirtschaftliche")
    html = staff.get(f"/redaktion/auskunft/handzettel?id={service.id}").get_data(as_text=True)
    for text in (service.name, service.phone, service.email, "Am Weidenplatz 3", "Stand:", "Jetzt:", "kostenlos"):
        assert text in html, text
    assert "<svg" in html and "QR-Code zur Website" in html
    assert "<script" not in html


def test_a_merkzettel_holds_several_services_and_becomes_a_pdf(staff, sessions) -> None:
    first = _service(sessions, "Tafel")
    second = _service(sessions, "Wärmestube")
    html = staff.get(f"/redaktion/auskunft/handzettel?id={first.id}&id={second.id}").get_data(as_text=True)
    assert html.count('class="handout__service"') == 2 and "Merkzettel" in html
    pdf = staff.get(f"/redaktion/auskunft/handzettel?id={first.id}&id={second.id}&format=pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf.data))
    assert len(document) == 2  # one A4 page per service
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    text = document[0].get_textpage().get_text_range()
    assert first.name.split(" ")[0] in text


@pytest.mark.parametrize("query", ["id=abc", "id=999999", ""])
def test_a_handout_of_nothing_is_a_404(staff, query) -> None:
    assert staff.get(f"/redaktion/auskunft/handzettel?{query}").status_code == 404
