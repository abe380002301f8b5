"""Near-duplicate signatures on pairs written for the purpose: the same wire story lightly
edited by another outlet is marked, different stories on the same topic are not."""

from __future__ import annotations

import pytest

from cleaners.cleaning.neardup import band_keys, signature, similarity

THRESHOLD = 0.7  # crawler.settings.DIPLOMACY_NEAR_DUPLICATE_THRESHOLD

WIRE_EN = """Foreign ministers of the two neighbouring states signed a border treaty on Thursday in Vienna, ending a dispute that has strained relations for more than three decades.

The agreement fixes the line along the river valley and creates a joint commission to settle claims by farmers whose land lies on the wrong side of the new boundary.

Officials said the text had been negotiated over eighteen months in talks hosted by a neutral mediator, with most of the final wording agreed in a series of late-night sessions last week.

Both parliaments must still ratify the treaty. Opposition parties in one of the two capitals have already said they will vote against it, arguing that too much was conceded on water rights.

The mediator called the signing a reminder that patient diplomacy can resolve even the oldest quarrels, and said the commission would hold its first meeting before the end of the year."""

# another outlet's copy: new first sentence clause, one sentence dropped, a credit line added,
# a few words changed
EDITED_EN = """Foreign ministers of the two neighbouring states signed a long-awaited border treaty on Thursday in Vienna, ending a dispute that has strained relations for more than three decades.

The agreement fixes the line along the river valley and creates a joint commission to settle claims by farmers whose land lies on the wrong side of the new boundary.

Officials said the text had been negotiated over eighteen months in talks hosted by a neutral mediator, with most of the final wording agreed in a series of late-night sessions last week.

Both parliaments must still ratify the treaty. Opposition parties in one of the two capitals have said they will vote against it, arguing that too much was conceded on water rights.

The mediator called the signing a reminder that patient diplomacy can resolve even the oldest quarrels.

Reporting by our correspondent; editing by the foreign desk."""

# the same topic (a border treaty), a different story
OTHER_EN = """A border treaty between two Central Asian republics stalled on Thursday after a late dispute over grazing rights in the mountain pastures that straddle the frontier.

Negotiators had hoped to initial the document at a meeting in the capital, but one delegation walked out when maps showing the summer pastures were presented without the access corridors it had asked for.

Diplomats from a regional organisation that has mediated the talks said they would try to bring both sides back to the table next month, and warned that herders on both sides were growing impatient.

The treaty would settle the last unmarked sections of a frontier drawn in the Soviet era, and open the way to a customs agreement that both governments say they want."""

WIRE_FR = """Les ministres des Affaires étrangères des deux pays voisins ont signé jeudi à Vienne un traité frontalier qui met fin à un différend vieux de plus de trente ans.

L'accord fixe le tracé le long de la vallée et crée une commission mixte chargée de régler les demandes des agriculteurs dont les terres se trouvent du mauvais côté de la nouvelle frontière.

Selon des responsables, le texte a été négocié pendant dix-huit mois sous l'égide d'un médiateur neutre, et l'essentiel de sa rédaction finale a été arrêté au cours de séances nocturnes la semaine dernière.

Les deux parlements doivent encore ratifier le traité, et l'opposition de l'une des deux capitales a déjà annoncé qu'elle voterait contre."""

EDITED_FR = """Les ministres des Affaires étrangères des deux pays voisins ont signé jeudi à Vienne un traité frontalier historique qui met fin à un différend vieux de plus de trente ans.

L'accord fixe le tracé le long de la vallée et crée une commission mixte chargée de régler les demandes des agriculteurs dont les terres se trouvent du mauvais côté de la nouvelle frontière.

Selon des responsables, le texte a été négocié pendant dix-huit mois sous l'égide d'un médiateur neutre, et l'essentiel de sa rédaction finale a été arrêté au cours de séances nocturnes la semaine dernière.

Les deux parlements doivent encore ratifier le traité, et l'opposition de l'une des deux capitales a déjà annoncé qu'elle voterait contre.

(Avec AFP)"""

OTHER_FR = """Le sommet consacré à la médiation au Sahel s'est achevé mardi sans déclaration commune, les délégations n'ayant pas réussi à s'entendre sur le calendrier du retrait des forces étrangères.

Les médiateurs régionaux espéraient obtenir au moins un engagement sur la réouverture des marchés frontaliers, attendue par les éleveurs depuis plus d'un an.

Une nouvelle réunion est prévue le mois prochain, mais plusieurs diplomates doutent qu'elle puisse aboutir avant la saison des pluies."""

WIRE_DE = """Die Außenminister der Ostseeanrainer haben sich bei einem Gipfel in Danzig auf eine gemeinsame Überwachung der Unterseekabel und Pipelines geeinigt.

Künftig sollen die Küstenwachen ihre Lagebilder in Echtzeit austauschen und verdächtige Schiffe gemeinsam verfolgen, hieß es in der Abschlusserklärung.

Anlass sind mehrere Zwischenfälle im vergangenen Winter, bei denen Anker über den Meeresboden geschleift wurden und Leitungen beschädigten.

Wie die Zusammenarbeit personell und finanziell ausgestattet werden soll, ließ die Erklärung offen."""

EDITED_DE = """Die Außenminister der Ostseeanrainer haben sich bei einem Gipfel in Danzig auf eine gemeinsame Überwachung der Unterseekabel und Pipelines geeinigt.

Künftig sollen die Küstenwachen ihre Lagebilder in Echtzeit austauschen und verdächtige Schiffe gemeinsam verfolgen, hieß es am Dienstag in der Abschlusserklärung.

Anlass sind mehrere Zwischenfälle im vergangenen Winter, bei denen Anker über den Meeresboden geschleift wurden und Leitungen beschädigten.

Wie die Zusammenarbeit personell und finanziell ausgestattet werden soll, ließ die Erklärung offen. (dpa)"""

OTHER_DE = """Beim Ostseegipfel in Danzig ist ein Streit über die Finanzierung der gemeinsamen Küstenwache ausgebrochen, weil mehrere kleinere Staaten höhere Beiträge der großen Anrainer verlangen.

Die Minister vertagten die Entscheidung auf ein Treffen im Herbst und beauftragten ihre Verteidigungsressorts, bis dahin ein Kostenmodell vorzulegen.

Umweltverbände kritisierten, dass der Schutz der Meeresnatur in den Gesprächen kaum eine Rolle gespielt habe."""

NEAR = [(WIRE_EN, EDITED_EN), (WIRE_FR, EDITED_FR), (WIRE_DE, EDITED_DE)]
APART = [(WIRE_EN, OTHER_EN), (WIRE_FR, OTHER_FR), (WIRE_DE, OTHER_DE), (WIRE_EN, WIRE_FR)]


@pytest.mark.parametrize(("first", "second"), NEAR)
def test_lightly_edited_copies_are_near_duplicates(first: str, second: str) -> None:
    a, b = signature(first), signature(second)
    assert similarity(a, b) >= THRESHOLD
    assert set(band_keys(a, THRESHOLD)) & set(band_keys(b, THRESHOLD))


@pytest.mark.parametrize(("first", "second"), APART)
def test_different_stories_on_the_same_topic_are_not(first: str, second: str) -> None:
    assert similarity(signature(first), signature(second)) < THRESHOLD - 0.3


def test_signatures_are_the_same_in_every_process() -> None:
    """Fixed seed: a signature never depends on the process that made it."""
    import subprocess
    import sys

    code = (
        "from cleaners.cleaning.neardup import signature; print(signature('Envoys met in Geneva.'))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == signature("Envoys met in Geneva.")


TEXTS = [text for pair in NEAR + APART for text in pair] + [
    "",
    "Ceasefire",
    "two words",
    "ÉTAT état",
]


@pytest.mark.parametrize("text", TEXTS)
def test_signatures_are_datasketchs_minhash(text: str) -> None:
    """Our numpy MinHash gives datasketch's values (same seed, scheme and hash function),
    so signatures stay comparable with any tool that uses datasketch."""
    from datasketch import MinHash

    from cleaners.cleaning.neardup import NUM_PERM, SEED, shingles, values_of

    reference = MinHash(num_perm=NUM_PERM, seed=SEED)
    reference.update_batch(sorted(shingles(text)))
    assert values_of(signature(text)) == tuple(int(value) for value in reference.hashvalues)


def test_making_a_signature_does_not_import_scipy() -> None:
    """What the cleaning workers save: datasketch would bring scipy (about 42 MiB each)."""
    import subprocess
    import sys

    code = (
        "import sys; from cleaners.cleaning.neardup import signature; signature('Envoys met.');"
        " print(sorted(name for name in ('scipy', 'datasketch') if name in sys.modules))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "[]"


def test_the_crawl_process_imports_no_cleaning_library() -> None:
    """The crawl process hands pages to its workers and reads signatures; trafilatura,
    langdetect and numpy (each several MiB) are for the workers alone."""
    import subprocess
    import sys

    code = (
        "import sys, crawler.spiders.diplomacy, crawler.pipelines, crawler.run, crawler.state;"
        " print(sorted(name for name in ('numpy', 'trafilatura', 'langdetect', 'scipy')"
        " if name in sys.modules))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == "[]"
