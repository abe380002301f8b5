"""Turn raw news pages and text dumps into clean, audited article records.

The library behind ``scrapy crawl diplomacy`` and ``python -m cleaners``; it never imports
Scrapy.  :func:`cleaners.pipeline.clean_page` is the whole pipeline for one page.
"""
