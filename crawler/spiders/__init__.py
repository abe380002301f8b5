"""Spiders of the diplomacy crawler."""
