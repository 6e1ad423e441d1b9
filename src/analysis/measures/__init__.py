"""Measures over the statement tables: framing, dating and fact comparison. Tables only: no
figures and no prose."""
