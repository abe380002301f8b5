"""Text normalization: small pure ``str -> str`` fixes, applied in one explicit order.

Each fix is safe to apply twice (idempotent) and never removes words: anything that
removes a line belongs in :mod:`cleaners.cleaning.boilerplate`, where the removal is recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import ftfy

# ftfy repairs mojibake but must not otherwise change the text: no straight quotes,
# no ligature or width folding, no HTML unescaping of literal "&amp;" in prose.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization="NFC",
    explain=False,
)

# Spaces that are not U+0020: no-break, narrow no-break, figure, thin and the like.
_SPACE_LIKE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters with no orthographic role.  ZWJ and ZWNJ are kept on purpose:
# they carry meaning in Persian, Indic scripts and emoji sequences.
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u180e]")
_SOFT_HYPHEN = "\u00ad"
_SPACE_RUN = re.compile(r"[ \t\f\v]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def fix_mojibake(text: str) -> str:
    """Repair text that was decoded with the wrong charset, keeping curly quotes.

    >>> fix_mojibake("It\u00e2\u20ac\u2122s clear \u00e2\u20ac\u201d talks")
    'It’s clear — talks'
    >>> fix_mojibake("“Track 2” talks")
    '“Track 2” talks'
    """
    if text.isascii() and not _CONTROL.search(text):
        return text  # nothing to repair, and ftfy's checks are the costliest step here
    return ftfy.fix_text(text, config=_FTFY_CONFIG)


def normalize_unicode(text: str) -> str:
    """Compose characters to NFC.

    >>> normalize_unicode("Mu\u0308nchen") == "M\u00fcnchen"
    True
    """
    return unicodedata.normalize("NFC", text)


def unify_line_breaks(text: str) -> str:
    """Turn CR, CRLF and Unicode line separators into ``\\n``.

    >>> unify_line_breaks("a\\r\\nb\\rc\\u2028d")
    'a\\nb\\nc\\nd'
    """
    return _LINE_BREAKS.sub("\n", text)


def replace_nbsp(text: str) -> str:
    """Turn no-break and other typographic spaces into plain spaces.

    >>> replace_nbsp("10\\u00a0000\\u202fkm")
    '10 000 km'
    """
    return _SPACE_LIKE.sub(" ", text)


def remove_zero_width(text: str) -> str:
    """Drop zero-width spaces, word joiners and stray byte-order marks.

    >>> remove_zero_width("Pyong\\u200byang\\ufeff")
    'Pyongyang'
    """
    return _ZERO_WIDTH.sub("", text)


def remove_soft_hyphens(text: str) -> str:
    """Drop soft hyphens, which only hint where a word may break.

    >>> remove_soft_hyphens("denuclear\\u00adisation")
    'denuclearisation'
    """
    return text.replace(_SOFT_HYPHEN, "")


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs and trim every line.

    >>> collapse_spaces("  Talks \\t resumed   in  Geneva.  \\n  Next ")
    'Talks resumed in Geneva.\\nNext'
    """
    return "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))


def separate_paragraphs(text: str) -> str:
    """Make every non-empty line a paragraph, separated by exactly one blank line.

    >>> separate_paragraphs("\\n\\nFirst.\\nSecond.\\n\\n\\n\\nThird.\\n")
    'First.\\n\\nSecond.\\n\\nThird.'
    """
    return "\n\n".join(line for line in text.split("\n") if line.strip())


Fix = Callable[[str], str]

# The order matters: charset repair first (it needs the original bytes' shape), then
# character-level fixes, then whitespace, then paragraph layout.
FIXES: tuple[Fix, ...] = (
    fix_mojibake,
    normalize_unicode,
    unify_line_breaks,
    replace_nbsp,
    remove_zero_width,
    remove_soft_hyphens,
    collapse_spaces,
    separate_paragraphs,
)


def normalize_text(text: str) -> str:
    """Apply every fix in :data:`FIXES`, in order.

    >>> normalize_text("Talks\\u00a0resumed.\\r\\n\\r\\n\\r\\nDon\u00e2\u20ac\u2122t  wait.")
    'Talks resumed.\\n\\nDon’t wait.'
    """
    for fix in FIXES:
        text = fix(text)
    return text


def split_paragraphs(text: str) -> list[str]:
    """Split normalized text into its paragraphs.

    >>> split_paragraphs("One.\\n\\nTwo.")
    ['One.', 'Two.']
    """
    return [line for line in text.split("\n") if line]
