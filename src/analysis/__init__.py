"""blame-report: who blames whom in news about the fentanyl crisis."""

__version__ = "0.1.0"
