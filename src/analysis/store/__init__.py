"""Storage: atomic writes, the processed tables and their schemas, output folders that never lose data."""
