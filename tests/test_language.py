"""Language detection: right on real sentences, None when it cannot judge, repeatable."""

from __future__ import annotations

import signal

import pytest
from langdetect import detect_langs

from cleaners.cleaning.language import SAMPLE_CHARS, detect_language, primary_subtag, sample_text

TEXTS = {
    "en": "The two delegations met for six hours in Geneva on Tuesday. Neither side published a statement, but both agreed to meet again next month to discuss sanctions relief.",
    "fr": "Les deux délégations se sont réunies pendant six heures à Genève mardi. Aucune des deux parties n’a publié de communiqué, mais elles ont convenu de se revoir le mois prochain.",
    "de": "Die beiden Delegationen trafen sich am Dienstag sechs Stunden lang in Genf. Keine Seite veröffentlichte eine Erklärung, aber beide vereinbarten ein weiteres Treffen im nächsten Monat.",
    "es": "Las dos delegaciones se reunieron durante seis horas en Ginebra el martes. Ninguna de las partes publicó un comunicado, pero ambas acordaron volver a reunirse el próximo mes.",
    "it": "Le due delegazioni si sono incontrate per sei ore a Ginevra martedì. Nessuna delle parti ha pubblicato una dichiarazione, ma entrambe hanno concordato di rivedersi il mese prossimo.",
    "pt": "As duas delegações reuniram-se durante seis horas em Genebra na terça-feira. Nenhuma das partes publicou um comunicado, mas ambas concordaram em voltar a reunir-se no próximo mês.",
    "nl": "De twee delegaties kwamen dinsdag zes uur lang bijeen in Genève. Geen van beide partijen publiceerde een verklaring, maar ze spraken af volgende maand opnieuw te vergaderen.",
    "ru": "Две делегации встретились во вторник в Женеве и провели переговоры в течение шести часов. Ни одна из сторон не опубликовала заявления, но они договорились встретиться снова.",
    "ar": "التقى الوفدان لمدة ست ساعات في جنيف يوم الثلاثاء. ولم يصدر أي من الطرفين بيانا، لكنهما اتفقا على الاجتماع مرة أخرى الشهر المقبل لمناقشة تخفيف العقوبات.",
}


@pytest.mark.parametrize(("code", "text"), TEXTS.items())
def test_detects(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text",
    ["", "   ", "12 345 678", "🙂🙂🙂", "https://example.org/a/b", "Talks resume.", "٣٤٥ ١٢"],
)
def test_none_when_it_cannot_judge(text: str) -> None:
    assert detect_language(text) is None


def test_repeatable_whatever_came_before() -> None:
    mixed = "Talks in Genf: die Delegationen trafen sich, the delegations met, les délégations."
    first = detect_language(mixed * 3)
    for other in TEXTS.values():
        detect_language(other)
    assert detect_language(mixed * 3) == first


MIXED = [
    "Die Delegationen van beide landen hebben in Genf gesprochen over sancties und Frieden.",
    "Talks in Genf: die Delegationen trafen sich, the delegations met, les délégations.",
    "Les délégations se sont réunies in Geneva, and the ministers sprachen über Sanktionen.",
]


@pytest.mark.parametrize("text", [*TEXTS.values(), *MIXED])
def test_few_trials_give_the_language_of_all_seven(text: str) -> None:
    # langdetect's own detect_langs runs all 7 trials every time
    assert detect_language(text) == primary_subtag(detect_langs(sample_text(text))[0].lang)


def test_html_lang_breaks_a_tie() -> None:
    # langdetect is unsure between Dutch (0.86) and German (0.14) on this mixed line
    mixed = "Die Delegationen van beide landen hebben in Genf gesprochen over sancties und Frieden."
    assert detect_language(mixed) == "nl"
    assert detect_language(mixed, html_lang="de-DE") == "de"
    # a hint that langdetect did not consider, or a confident detection, is not overruled
    assert detect_language(mixed, html_lang="fi") == "nl"
    assert detect_language(TEXTS["de"], html_lang="fr") == "de"


def test_sample_is_bounded() -> None:
    long_text = "\n\n".join([TEXTS["en"]] * 200)
    assert len(sample_text(long_text)) <= 2 * SAMPLE_CHARS
    assert detect_language(long_text) == "en"


def test_sample_of_a_long_run_without_spaces_is_not_quadratic() -> None:
    """A 200 KB one-word title: the URL pattern ran over all of it from every position
    (minutes); the sample looks only at the bounded start. Bounded by a generous alarm,
    not timed: the gap is four orders of magnitude."""
    signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(30)
    try:
        assert sample_text("a" * 200_000) == "a" * (2 * SAMPLE_CHARS)
    finally:
        signal.alarm(0)


def _too_slow(signum: int, frame: object) -> None:
    raise TimeoutError("sample_text took over 30 s")
