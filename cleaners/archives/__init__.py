"""Inputs and archives: files and WARCs to pages, a crawl's pages to WARC, re-cleaning runs."""
