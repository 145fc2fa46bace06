"""Experiment, not shipped (bench/LEARNING.md section 27): teach the moderation model clauses as well as messages.

    git show 1e3ca36:sportello/learning/weights/moderation.json > /tmp/teacher.json   # the weights of batches 1-42
    .venv/bin/python bench/learning/clauses.py --teacher /tmp/teacher.json --batches 42 --test 43 44 45
        [--save /tmp/student.json | --student /tmp/student.json]   (training takes about 15 minutes on one core)

Training set: batches 1..K, plus the clauses of each message that has two or more (4 words or more each): a clean
message's clauses as clean; for each category of a violating message, the clause the teacher scores highest for
it, with that category. Measured, at one model threshold (0.65) for teacher and student alike: the whole message,
and the whole message or any of its clauses (5 words or more). The development set's lines are measured, never
trained on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sportello.learning.build import train_task  # noqa: E402
from sportello.learning.corpus import TRAINING_DIR, load_batch, load_corpus  # noqa: E402
from sportello.learning.linear import LinearModel  # noqa: E402
from sportello.moderation.screening.screen import MODEL_SILENT, ScreenConfig, screen  # noqa: E402
from sportello.moderation.screening.types import Category, ScreenContext  # noqa: E402
from sportello.textkit.dataset import load_dataset, resolve_dataset  # noqa: E402

SPLIT = re.compile(r"[.!?;:\n]+|,\s*(?:ma|però|pero|tanto|anche se|perché|perche|quindi|e poi)\b"
                   r"|\s(?:ma|però|pero|tanto|anche se|quindi)\s", re.I)
THRESHOLD = 0.65


def clauses(text: str, min_words: int = 4) -> list[str]:
    parts = [p.strip() for p in SPLIT.split(text) if p and p.strip()]
    parts = [p for p in parts if len(re.findall(r"\w+", p)) >= min_words]
    return parts if len(parts) >= 2 else []


def clause_examples(examples: list, teacher: LinearModel) -> list:
    extra = []
    for e in examples:
        parts = clauses(e.text)
        if not parts:
            continue
        if not e.moderation:
            extra += [replace(e, text=c, source=f"{e.source}:clause") for c in parts]
            continue
        probs = [teacher.predict(c) for c in parts]
        best: dict[int, list[str]] = {}
        for category in e.moderation:
            best.setdefault(max(range(len(parts)), key=lambda k: probs[k].get(category, 0.0)), []).append(category)
        extra += [replace(e, text=parts[i], moderation=tuple(cats), source=f"{e.source}:clause")
                  for i, cats in best.items()]
    return extra


def measure(model: LinearModel, items: list[tuple[str, tuple]], with_clauses: bool) -> str:
    cfg = ScreenConfig(model=model, model_thresholds={}, model_threshold=THRESHOLD)
    violating = clean = caught = flagged = 0
    for text, categories in items:
        hit = screen(text, ScreenContext(), cfg).flagged
        if not hit and with_clauses:
            hit = any(p >= THRESHOLD for c in clauses(text, 5) for name, p in model.predict(c).items()
                      if Category(name) not in MODEL_SILENT)
        if categories:
            violating += 1
            caught += hit
        else:
            clean += 1
            flagged += hit
    return f"violating {caught}/{violating}, clean flagged {flagged}/{clean}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--teacher", required=True, help="moderation weights (JSON) that pick a violating clause")
    ap.add_argument("--batches", type=int, required=True, help="train on batches 1..K")
    ap.add_argument("--test", type=int, nargs="+", required=True, help="unseen batches to measure on")
    ap.add_argument("--save", help="write the student's weights here")
    ap.add_argument("--student", help="measure these weights instead of training")
    args = ap.parse_args()
    teacher = LinearModel.from_dict(json.loads(Path(args.teacher).read_text()))
    if args.student:
        student = LinearModel.from_dict(json.loads(Path(args.student).read_text()))
    else:
        base = load_corpus(args.batches)
        extra = clause_examples(base, teacher)
        print(f"training: {len(base)} messages, {len(extra)} clauses ({sum(1 for x in extra if x.moderation)} "
              f"violating)", flush=True)
        started = time.perf_counter()
        student = train_task("moderation", base + extra)
        print(f"trained in {time.perf_counter() - started:.0f} s", flush=True)
        if args.save:
            student.save(Path(args.save))
    sets = {f"batch {n}": [(e.text, e.moderation) for e in load_batch(TRAINING_DIR / f"batch_{n}.tsv")]
            for n in args.test}
    dev = resolve_dataset()
    if dev is not None:
        sets["development"] = [(r["text"], tuple(r["moderation"])) for r in load_dataset(dev)]
    curated = load_dataset(ROOT / "tests" / "moderation" / "screening" / "own_examples.jsonl")
    sets["curated"] = [(r["text"], tuple(r["moderation"])) for r in curated]
    for name, items in sets.items():
        print(f"{name:<12} teacher, messages:          {measure(teacher, items, False)}")
        print(f"{name:<12} student, messages:          {measure(student, items, False)}")
        print(f"{name:<12} student, messages+clauses:  {measure(student, items, True)}", flush=True)


if __name__ == "__main__":
    main()
