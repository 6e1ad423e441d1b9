"""Injected stop points, so tests can stop a build at an exact step instead of racing a signal.

`ANALYSIS_STOP_AT=<point>:<n>` makes the n-th pass through `stop_point(<point>)` act as
the fault named by the point: `publish` kills the process (as `kill -9` would), `article`
raises KeyboardInterrupt (as Ctrl-C would). Unset, a stop point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal

__all__ = ["STOP_ENV", "stop_point"]

STOP_ENV = "ANALYSIS_STOP_AT"
_KILLS = {"publish"}


def stop_point(point: str, n: int) -> None:
    """Stop here if ANALYSIS_STOP_AT names this point and pass number."""
    wanted = os.environ.get(STOP_ENV)
    if not wanted or wanted != f"{point}:{n}":
        return
    if point in _KILLS:
        os.kill(os.getpid(), signal.SIGKILL)
    raise KeyboardInterrupt
