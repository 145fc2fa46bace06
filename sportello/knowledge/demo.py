"""Knowledge bases that ship with a preset (`presets/<name>.csv`) and the preset's automatic-answer choice.

Called by policies.presets.apply_preset with the preset's "knowledge" dict:
    {"auto_answers": "out_of_hours", "entries": "livorno.csv"}
Applying twice changes nothing: entries are matched by their question (importing.import_csv).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sportello.knowledge import services
from sportello.knowledge.importing import import_csv

PRESETS_DIR = Path(__file__).resolve().parent / "presets"


def apply_knowledge(config: dict[str, Any] | None, municipality: Any) -> dict[str, Any]:
    if not config:
        return {}
    summary: dict[str, Any] = {}
    if config.get("entries"):
        result = import_csv(municipality, (PRESETS_DIR / config["entries"]).read_bytes())
        if result.errors:
            raise ValueError("; ".join(result.errors))
        summary["entries"] = result.created + result.updated
    if config.get("auto_answers"):
        services.set_mode(municipality, config["auto_answers"])
        summary["auto_answers"] = config["auto_answers"]
    return summary
