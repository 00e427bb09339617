"""How a process of the tool runs."""

from __future__ import annotations

import gc


def settle_collector() -> None:
    """Leave the objects this process holds now (the modules, the data read so far) out of the garbage
    collector's rounds, and run them less often. The tool makes millions of short-lived objects, none in
    cycles worth collecting early: the rounds over everything took a fifth of a build worker's time (50 memos:
    51 ms a memo with the defaults, 40 ms so) and 0.4 s of `query statements` over 1,000 memos."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
