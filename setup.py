"""For `scrapyd-deploy`, which builds the project's egg with ``setup.py bdist_egg``.

Everything (dependencies, packages, package data, the ``scrapy`` entry point that names
the settings module) is in pyproject.toml; without this file scrapyd-deploy would write
its own, which packs neither the rules nor the sources file.
"""

from setuptools import setup

setup()
