"""A page to clean: the input of the pipeline, light enough to send to a worker process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PageKind = Literal["html", "text"]


@dataclass(frozen=True)
class Page:
    """One page to clean: decoded text, where it came from and when it was fetched."""

    url: str
    fetched_at: str
    body: str
    kind: PageKind
