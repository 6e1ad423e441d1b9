"""The report: the data it loads (parameters checked once), display helpers, figures, one module
of tables and sentences per notebook section, rendering and provenance."""
