"""Measuring quality: dev sets, our golden samples, and the scores against them."""
