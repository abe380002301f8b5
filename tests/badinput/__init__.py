"""The bad-input corpus: pages nobody controls, each with the outcome written next to it."""
