"""From an HTML page to its main text and metadata: trafilatura, and what we cut from the tree."""
