"""The development datasets are for measuring only: no line of them, nor any run of 8 consecutive words of one,
may appear in the package's code, templates or model and training files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sportello.textkit import tokens

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "sportello"
DATASETS = Path(os.environ.get("SPORTELLO_DATASETS_DIR") or ROOT.parent / "shared" / "datasets")
WINDOW = 8
MIN_LINE_WORDS = 4  # shorter lines ("buongiorno", "grazie mille") are everyday phrases, not copied material
SCANNED = {".py", ".jsonl", ".json", ".csv", ".tsv", ".html", ".txt", ".js", ".md", ".po"}


def dataset_texts() -> list[str]:
    texts = []
    for path in sorted(DATASETS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            texts += [str(row[k]) for k in ("text", "question", "answer") if row.get(k)]
    return texts


def package_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in SCANNED and "vendor" not in p.parts]


def windows(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def find_copies(texts: list[str], files: list[Path]) -> list[str]:
    eight: dict[tuple[str, ...], str] = {}
    whole: dict[tuple[str, ...], str] = {}
    for text in texts:
        words = tokens(text)
        if len(words) < MIN_LINE_WORDS:
            continue
        if len(words) < WINDOW:
            whole[tuple(words)] = text
        for w in windows(words, WINDOW):
            eight[w] = text
    lengths = sorted({len(k) for k in whole})
    found = []
    for path in files:
        words = tokens(path.read_text(encoding="utf-8", errors="replace"))
        for i in range(len(words)):
            hit = eight.get(tuple(words[i : i + WINDOW]))
            hit = hit or next((whole[k] for n in lengths if (k := tuple(words[i : i + n])) in whole), None)
            if hit and f"{path}: {hit[:80]!r}" not in found:
                found.append(f"{path}: {hit[:80]!r}")
    return found


@pytest.mark.skipif(not DATASETS.is_dir(), reason="development datasets not present beside the repository")
def test_no_dataset_line_in_the_package():
    texts = dataset_texts()
    assert texts, "the datasets were found but hold no text"
    assert find_copies(texts, package_files()) == []


def test_training_and_model_files_are_scanned():
    """The learned models' training batches and shipped weights are among the files checked above."""
    scanned = set(package_files())
    learning = PACKAGE / "learning"
    batches = sorted((learning / "training").glob("batch_*.tsv"))
    weights = sorted((learning / "weights").glob("*.json"))
    assert len(batches) >= 5 and {"moderation.json", "routing.json", "intent.json"} <= {w.name for w in weights}
    assert set(batches) | set(weights) <= scanned
    assert {p for p in (PACKAGE / "knowledge" / "training").glob("*.jsonl")} <= scanned


def test_the_check_catches_a_copy(tmp_path):
    planted = tmp_path / "model.py"
    planted.write_text('PHRASES = ["ieri sera in piazza del mercato hanno lasciato sacchi neri aperti ovunque"]\n')
    clean = tmp_path / "clean.py"
    clean.write_text('PHRASES = ["buongiorno, vorrei sapere gli orari"]\n')
    text = "Ieri sera in piazza del Mercato hanno lasciato sacchi neri aperti ovunque, che schifo."
    assert len(find_copies([text], [planted, clean])) == 1
    assert find_copies(["Hanno lasciato sacchi aperti"], [planted]) == []  # 4 words, but not these 4 in a row
    assert len(find_copies(["sacchi neri aperti ovunque"], [planted])) == 1  # a short line copied whole
