"""Curated statements: loading and validation, the review loop, scoring against a gold standard,
and the synthetic corpus with planted statements."""
