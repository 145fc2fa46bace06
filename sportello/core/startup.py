"""What a long-running process does once it has loaded everything it keeps (web server, ingest loop)."""

from __future__ import annotations

import gc


def freeze_loaded_objects() -> None:
    """What the process loaded at startup (models, URLs, translations, the channels' libraries, the shipped models)
    lives as long as the process: frozen, the garbage collector's full collections stop walking it. Under a flood
    of webhooks and console refreshes those walks were pauses of up to a tenth of a second for every request in
    flight, and in the ingest loop a share of the pipeline's CPU. Garbage is collected first, so none is kept."""
    gc.collect()
    gc.freeze()
