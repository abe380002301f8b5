"""Language of a body text: langdetect on a bounded sample, deterministic, never raising."""

from __future__ import annotations

import re

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

# langdetect draws random n-grams; a fixed seed makes every call repeatable.  Each call
# builds a fresh detector from this seed, so no state is carried between documents.
DetectorFactory.seed = 0

SAMPLE_CHARS = 600
MIN_LETTERS = 40
# Below this probability the page's own <html lang> decides, if langdetect considered it.
CONFIDENT = 0.90
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")


def sample_text(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The first paragraphs of ``text`` up to about ``limit`` characters, URLs left out.

    >>> sample_text("One two.\\n\\nThree four.\\n\\nFive.", limit=12)
    'One two.\\n\\nThree four.'
    """
    taken: list[str] = []
    size = 0
    for paragraph in text.split("\n\n"):
        # cut before the URL pattern, which is quadratic on a long run without spaces
        paragraph = _URL.sub(" ", paragraph[: limit * 2]).strip()
        if not paragraph:
            continue
        taken.append(paragraph)
        size += len(paragraph)
        if size >= limit:
            break
    return "\n\n".join(taken)[: limit * 2]


def primary_subtag(tag: str | None) -> str | None:
    """The ISO 639-1 part of a language tag.

    >>> primary_subtag("en-GB"), primary_subtag("zh-cn"), primary_subtag(""), primary_subtag("x")
    ('en', 'zh', None, None)
    """
    if not tag:
        return None
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return code if len(code) == 2 and code.isalpha() else None


def detect_language(
    text: str, html_lang: str | None = None, limit: int | None = SAMPLE_CHARS
) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is too short or has no letters.

    Only the first ``limit`` characters or so are read (None: all of it).

    >>> detect_language("Die Gespräche der Regierungen wurden am Montag in Genf fortgesetzt.")
    'de'
    >>> detect_language("12 345 🙂") is None
    True
    """
    sample = sample_text(text, limit) if limit else text
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    try:
        candidates = detect_langs(sample)
    except LangDetectException:
        return None
    if not candidates:
        return None
    best = candidates[0]
    hint = primary_subtag(html_lang)
    if best.prob < CONFIDENT and hint:
        for candidate in candidates:
            if primary_subtag(candidate.lang) == hint:
                return hint
    return primary_subtag(best.lang)
