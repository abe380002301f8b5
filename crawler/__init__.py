"""The Scrapy project: thin glue between the web and the :mod:`cleaners` library."""
