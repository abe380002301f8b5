"""The article record: its fields, its JSON Schema and its one JSON form."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


SCHEMA_VERSION = 3  # 2: minhash and duplicate_of; 3: topic_score and topic_terms


@dataclass(frozen=True)
class Failure:
    """Why a page gave no record."""

    reason: str


@dataclass(frozen=True)
class Removal:
    """One paragraph taken out of a text, and the rule that took it."""

    rule: str
    text: str


class RemovedLine(TypedDict):
    rule: str
    text: str


class Record(TypedDict):
    url: str
    canonical_url: str
    title: str
    author: str | None
    date: str | None
    sitename: str | None
    language: str | None
    description: str | None
    text: str
    word_count: int
    content_hash: str
    minhash: str
    duplicate_of: str | None
    fetched_at: str
    removed: list[RemovedLine]
    topic_score: float
    topic_terms: list[str]
    schema: int


def content_hash(text: str) -> str:
    """``sha256:`` and the hex digest of the UTF-8 text.

    >>> content_hash("")[:15]
    'sha256:e3b0c442'
    """
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# Scripts written without spaces between words: Han ideographs (Chinese, Japanese kanji)
# and the Japanese kana.  Each character counts as one word, as word processors count East
# Asian text: a Chinese word is one to two characters, so this counts a little high, and a
# page of a few hundred characters passes a minimum meant for a page of prose.  Hangul is
# written with spaces and counted as other scripts are (a Korean spaced unit is a word with
# its particles: a little fewer than English words for the same text, as in German).
_SPACELESS = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f]"
)
# Scripts of South-East Asia also written without spaces between words (a space ends a
# phrase or a sentence), whose words are several characters long: their characters, vowel
# signs and tone marks included, are counted and divided by a typical word length in
# characters.  An estimate, within about a quarter of a segmenter's count on news prose
# (the segmenters of these languages are dictionaries or models far heavier than this
# package); it decides whether a page is long enough to be an article.
_CHARACTERS_PER_WORD = {
    "\u0e00-\u0e4f": 4.5,  # Thai, without its digits
    "\u0e80-\u0ecf\u0edc-\u0eff": 4.0,  # Lao, without its digits
    "\u1780-\u17d3\u17dc\u17dd\u19e0-\u19ff": 5.0,  # Khmer, without punctuation and digits
    "\u1000-\u103f\u1050-\u108f\u109a-\u109f\uaa60-\uaa7f\ua9e0-\ua9ef": 5.0,  # Myanmar
}
_SPACELESS_PHRASES = [
    (re.compile(f"[{characters}]+"), ratio) for characters, ratio in _CHARACTERS_PER_WORD.items()
]


def count_words(text: str) -> int:
    """Words separated by white space; in Chinese and Japanese, each character is a word; in
    Thai, Lao, Khmer and Myanmar, the script's characters divided by its typical word
    length (at least one word for each run of them between spaces).

    >>> count_words("Talks resumed.\\n\\nNo deal yet.")
    5
    >>> count_words("两国代表在日内瓦会谈。"), count_words("ジュネーブで協議。")
    (10, 8)
    >>> count_words("G20峰会 opens")
    4
    >>> count_words("ผู้แทนทั้งสองประเทศกลับมาเจรจาที่เจนีวา")  # 39 characters, 8 words
    9
    >>> count_words("ການເຈລະຈາ"), count_words("កិច្ចចរចា"), count_words("ဆွေးနွေးပွဲ")
    (2, 2, 2)
    >>> count_words("สองประเทศ 2024 talks")  # a Thai word pair, a number, an English word
    4
    >>> count_words("ไทย ลาว")  # two runs shorter than a word: a word each
    2
    """
    words = 0
    for phrase, ratio in _SPACELESS_PHRASES:
        if phrase.search(text):
            runs = phrase.findall(text)
            words += max(len(runs), round(sum(map(len, runs)) / ratio))
            text = phrase.sub(" ", text)
    if not _SPACELESS.search(text):
        return words + len(text.split())
    characters = len(_SPACELESS.findall(text))
    # what is left between them: words of other scripts (punctuation alone is no word)
    rest = _SPACELESS.sub(" ", text).split()
    return words + characters + sum(1 for token in rest if any(char.isalnum() for char in token))


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC, to the second, with a ``Z``.

    >>> from datetime import timezone, timedelta
    >>> format_timestamp(datetime(2024, 3, 12, 10, 0, 30, tzinfo=timezone(timedelta(hours=2))))
    '2024-03-12T08:00:30Z'
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def schema() -> dict[str, Any]:
    """The record's JSON Schema, as shipped in the package."""
    text = resources.files("cleaners").joinpath("schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def schema_errors(record: object) -> list[str]:
    """Every way ``record`` breaks the schema, as readable lines (empty when valid)."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(record)'}: {error.message}"
        for error in sorted(_validator().iter_errors(record), key=lambda error: list(error.path))
    ]


def to_json_line(record: Record) -> str:
    """The record as one JSON Lines line (no trailing newline)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def to_golden(record: Record) -> str:
    """The record as a golden file: sorted keys, indent 2, trailing newline."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
