"""Table, idempotence and doctest checks for every normalization fix."""

from __future__ import annotations

import pytest

from cleaners.cleaning import normalize
from cleaners.cleaning.normalize import FIXES, Fix, normalize_text

TABLE: list[tuple[Fix, str, str]] = [
    (
        normalize.fix_mojibake,
        "Pyongyang\u00e2\u20ac\u2122s \u00e2\u20ac\u0153offer\u00e2\u20ac\u009d",
        "Pyongyang’s “offer”",
    ),
    (normalize.fix_mojibake, "Gespr\u00c3\u00a4che in M\u00c3\u00bcnchen", "Gespräche in München"),
    (normalize.fix_mojibake, "“quoted” and ‘single’ — kept", "“quoted” and ‘single’ — kept"),
    (normalize.fix_mojibake, "ﬁnal ＡＢＣ &amp; co", "ﬁnal ＡＢＣ &amp; co"),
    (normalize.normalize_unicode, "e\u0301lan", "\u00e9lan"),
    (normalize.unify_line_breaks, "a\r\nb\rc\u2029d\x85e", "a\nb\nc\nd\ne"),
    (normalize.replace_nbsp, "Mr.\u00a0Kim\u202fand\u2009aides", "Mr. Kim and aides"),
    (normalize.remove_zero_width, "\ufeffSeo\u200bul\u2060", "Seoul"),
    (
        normalize.remove_zero_width,
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    ),
    (normalize.remove_soft_hyphens, "nego\u00adtiations", "negotiations"),
    (normalize.collapse_spaces, " The  envoy\t\tleft. \n  Next ", "The envoy left.\nNext"),
    (normalize.separate_paragraphs, "One.\n\n\n\nTwo.\nThree.\n", "One.\n\nTwo.\n\nThree."),
    (
        normalize_text,
        "\u00a0Talks\u200b  resume\u00ad.\r\n\r\n\r\nNo\u00a0deal.  ",
        "Talks resume.\n\nNo deal.",
    ),
]


@pytest.mark.parametrize(
    ("fix", "given", "expected"), TABLE, ids=lambda v: getattr(v, "__name__", "")
)
def test_table(fix: Fix, given: str, expected: str) -> None:
    assert fix(given) == expected


@pytest.mark.parametrize(
    ("fix", "given", "expected"), TABLE, ids=lambda v: getattr(v, "__name__", "")
)
def test_idempotent(fix: Fix, given: str, expected: str) -> None:
    once = fix(given)
    assert fix(once) == once


@pytest.mark.parametrize("fix", FIXES, ids=lambda fix: fix.__name__)
def test_every_fix_has_a_table_row_and_a_doctest(fix: Fix) -> None:
    assert any(row[0] is fix for row in TABLE)
    assert fix.__doc__ is not None and ">>>" in fix.__doc__


def test_nfc_is_the_only_form_change() -> None:
    text = "“Hello” — it’s ﬁne … ½ ＡＢ"
    assert normalize_text(text) == text
