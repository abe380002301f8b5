"""Benchmark folders: their pages and what is known to be right about each.

Three layouts of ground truth are read:

* ``segments.json`` (trafilatura's evaluation): per page, ``with`` segments that must be in
  the body, ``without`` segments that must not, ``comments`` of readers and, on some pages,
  ``meta`` (title, author, date); pages in ``html/<id>.html.gz``.
* ``ground-truth.json`` (Dragnet and the Scrapinghub format): ``{id: {"articleBody",
  "comments", "url"}}``, pages in ``html/<id>.html.gz``.
* a folder of our own samples, whose ``meta.json`` lists every body paragraph
  (``must_keep``) and gives the title and author written by hand.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners.archives.decoding import decode_html
from cleaners.evaluation.samples import find_samples

# the metadata fields a benchmark may annotate, and that evaluate --meta scores
META_FIELDS = ("title", "author", "date")


@dataclass(frozen=True)
class Case:
    """One page of a benchmark and what is known to be right about it.

    ``meta`` holds the annotated title, author and date; an empty string means the
    annotators found none on the page (a right answer is then no value at all).
    """

    id: str
    url: str
    path: Path
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    reference: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def read_page(path: Path) -> str:
    """A page's HTML, decoded by its declared charset (BOM, then ``<meta>``), not assumed UTF-8."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return decode_html(raw)


def _page_path(root: Path, page_id: str) -> Path:
    for name in (f"{page_id}.html.gz", f"{page_id}.html"):
        if (root / "html" / name).exists():
            return root / "html" / name
    raise FileNotFoundError(f"no html/{page_id}.html.gz in {root}")


def _meta(entry: dict[str, Any]) -> dict[str, str]:
    found = entry.get("meta") or {}
    return {name: str(found[name]) for name in META_FIELDS if name in found}


def _segment_cases(root: Path) -> list[Case]:
    data = json.loads((root / "segments.json").read_text(encoding="utf-8"))
    return [
        Case(key, entry["url"].strip(), _page_path(root, key), tuple(entry["with"]),
             tuple(entry["without"]), tuple(entry.get("comments", [])), meta=_meta(entry))
        for key, entry in sorted(data.items())
    ]  # fmt: skip


def _reference_cases(root: Path) -> list[Case]:
    data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Case(key, entry.get("url") or "", _page_path(root, key),
             comments=(entry["comments"],) if entry.get("comments") else (),
             reference=entry["articleBody"], meta=_meta(entry))
        for key, entry in sorted(data.items())
    ]  # fmt: skip


def _sample_cases(root: Path) -> list[Case]:
    samples = [sample for sample in find_samples(root) if sample.page.suffix == ".html"]
    if not samples:
        raise ValueError(f"{root}: no segments.json, ground-truth.json or samples")
    # our samples list every body paragraph: score them on shingles, which also counts
    # every word of boilerplate that gets through
    return [
        Case(sample.name, sample.meta["url"], sample.page,
             reference="\n\n".join(sample.meta["must_keep"]),
             meta={name: sample.meta.get(name) or "" for name in ("title", "author")})
        for sample in samples
    ]  # fmt: skip


def load_cases(root: Path) -> tuple[str, list[Case]]:
    """The layout of a benchmark folder (``segments`` or ``reference``) and its pages by id."""
    root = root.resolve()
    if (root / "segments.json").exists():
        return "segments", _segment_cases(root)
    if (root / "ground-truth.json").exists():
        return "reference", _reference_cases(root)
    return "reference", _sample_cases(root)
