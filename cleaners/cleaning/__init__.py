"""From extracted text to clean paragraphs: the named rules, repeats, normalization, language."""
