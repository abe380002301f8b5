"""What the spider hands to the pipelines: one fetched article page, decoded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PageItem:
    """An article page as fetched: final URL, decoded HTML (``response.text``), fetch time."""

    url: str
    html: str
    fetched_at: str
    source: str
