"""Imported by a crawl's forkserver (see :func:`cleaners.pool.warmed_context`) before it
forks any cleaning worker: the pipeline is imported and warmed here, once.

Every worker is then a fork of this process.  It starts in milliseconds instead of about a
second of imports, and shares this process's memory (trafilatura, lxml, langdetect's
profiles, jusText's stoplists) copy-on-write instead of building its own copy.  The
objects made so far are frozen out of the garbage collector, whose passes would otherwise
write to every one of them and so copy their pages into each worker.

The forkserver dies with the process that started it, as the workers die with it in turn
(:func:`cleaners.pool.exit_with_parent`): left to itself it would wait for its workers,
which hold a pipe to it open, and they for it.
"""

from __future__ import annotations

import gc
import os

from cleaners.page import Page
from cleaners.pipeline import clean_page, warm_up
from cleaners.pool import exit_with_parent

_FOOTER = "<p>About us, contact, imprint, privacy policy and terms of use of this site.</p>"
# A page whose main text is a small share of what it shows: trafilatura's fast mode finds
# too little, so its default mode runs too, and that builds jusText's stoplist of every
# language (about 30 MiB).  Built here, it is one copy shared by all workers rather than
# one built in each on its first page of that kind.
_FALLBACK = Page(
    url="https://example.org/warm-up-fallback",
    fetched_at="2024-01-01T00:00:00Z",
    body="<html><head><title>Warm-up</title></head><body><article><p>The envoys met in "
    f"Geneva.</p></article><footer>{_FOOTER * 10}</footer></body></html>",
    kind="html",
)

exit_with_parent(os.getppid())
warm_up()
clean_page(_FALLBACK)
gc.collect()
gc.freeze()
