"""Layout tables (issue 15, item 9): a page laid out with tables gives paragraphs, not
``| … |`` rows, and loses its menu and ad cells; data tables keep their rows."""

from __future__ import annotations

from cleaners.extraction.extract import Extracted, extract

P1 = "Envoys from the two republics returned to Geneva on Tuesday for a third round of talks."
P2 = "The delegations spent the morning on the exchange of prisoners, two diplomats said."
DATA = (
    "<table><tr><th>Round</th><th>Venue</th></tr><tr><td>First</td><td>Vienna</td></tr>"
    "<tr><td>Second</td><td>Geneva</td></tr></table>"
)
MENU = "".join(
    f'<tr><td><a href="/{name}/">{name.title()}</a></td></tr>'
    for name in ("world", "region", "sport")
)


def _extract(body: str) -> Extracted:
    html = f"<html><head><title>Envoys resume talks</title></head><body>{body}</body></html>"
    extracted = extract(html, url="https://courier.example/2024/03/12/talks.html")
    assert isinstance(extracted, Extracted), extracted
    return extracted


def _layout(article: str, left: str = f"<table>{MENU}</table>", right: str = "") -> str:
    return (
        f'<table width="100%"><tr><td width="150">{left}</td>'
        f"<td><h1>Envoys resume talks</h1>{article}</td><td>{right}</td></tr></table>"
    )


def test_paragraphs_of_a_layout_table_are_paragraphs_and_its_menu_is_cut() -> None:
    extracted = _extract(_layout(f"<table><tr><td><p>{P1}</p><p>{P2}</p></td></tr></table>"))
    assert extracted.text.split("\n") == [P1, P2]
    assert {(removal.rule, removal.text) for removal in extracted.pruned} >= {
        ("layout-links", "Region"),
        ("layout-links", "Sport"),
    }


def test_a_data_table_keeps_its_rows_inside_a_layout_table_and_alone() -> None:
    inside = _extract(_layout(f"<p>{P1}</p>{DATA}<p>{P2}</p>")).text
    alone = _extract(
        f"<article><h1>Envoys resume talks</h1><p>{P1}</p>{DATA}<p>{P2}</p></article>"
    ).text
    for text in (inside, alone):
        assert "| Round | Venue |" in text and "| Second | Geneva |" in text, text
        assert P1 in text.split("\n") and P2 in text.split("\n"), text


def test_an_ad_label_goes_with_the_ad_it_labels() -> None:
    right = (
        "<table><tr><td>Anzeige</td></tr><tr><td><a href='/ad'>Flights to Geneva</a></td></tr>"
        "</table>"
    )
    extracted = _extract(_layout(f"<p>{P1}</p><p>{P2}</p>", right=right))
    assert "Anzeige" not in extracted.text and "Flights" not in extracted.text
    assert ("advertisement", "Anzeige") in {(r.rule, r.text) for r in extracted.pruned}


def test_a_cell_of_links_that_holds_a_body_paragraph_stays() -> None:
    links = " ".join(f'<a href="/{n}">Story number {n} of the week</a>' for n in range(20))
    cell = f"<p>{P1} {P2}</p><p>{links}</p>"
    extracted = _extract(
        f'<table><tr><td width="150">{cell}</td><td><table>{MENU}</table></td></tr></table>'
    )
    assert f"{P1} {P2}" in extracted.text
    assert not any(
        removal.rule == "layout-links" and P1 in removal.text for removal in extracted.pruned
    )
