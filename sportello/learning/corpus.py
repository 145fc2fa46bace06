"""The project's own labelled training messages, written for Sportello in batches (training/batch_N.tsv).

One message per line, four tab-separated fields: department, kind, moderation categories (comma-separated, "-"
when clean) and the text. Lines starting with "#" are comments. The development datasets in ../shared/datasets
are never read here: they are for measuring only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TRAINING_DIR = Path(__file__).resolve().parent / "training"


@dataclass(frozen=True)
class Example:
    text: str
    department: str
    kind: str
    moderation: tuple[str, ...]
    source: str  # "batch_3.tsv:17"


def batch_files() -> list[Path]:
    return sorted(TRAINING_DIR.glob("batch_*.tsv"), key=lambda p: int(p.stem.split("_")[1]))


def load_batch(path: Path) -> list[Example]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path.name}:{n}: expected 4 tab-separated fields, got {len(parts)}")
        department, kind, moderation, text = (p.strip() for p in parts)
        cats = () if moderation in ("", "-") else tuple(c.strip() for c in moderation.split(","))
        out.append(Example(text, department, kind, cats, f"{path.name}:{n}"))
    return out


def load_corpus(batches: int | None = None) -> list[Example]:
    """Every example of the first `batches` batches (all when None), in file order."""
    files = batch_files()
    if batches is not None:
        files = files[:batches]
    return [e for path in files for e in load_batch(path)]
