"""FAQ bench: answers from the knowledge base, and when to abstain.

    .venv/bin/python bench/faq/run.py [--kb PATH] [--questions PATH]

Reads ../shared/datasets/faq/kb.jsonl and questions.jsonl beside the repository (or $SPORTELLO_FAQ_DIR, or the
--kb/--questions paths). Retrieval and the confidence model are the shipped ones: nothing is fitted on this set,
and the automatic-answer threshold is the shipped one (chosen on the project's own data). Figures on the shared
development set are development figures.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sportello.knowledge import calibration
from sportello.knowledge.evaluation import documents, figures, read_jsonl, run
from sportello.knowledge.retrieval import Index

DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "faq"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", help="knowledge base JSONL (default: $SPORTELLO_FAQ_DIR/kb.jsonl)")
    ap.add_argument("--questions", help="labelled questions JSONL (default: $SPORTELLO_FAQ_DIR/questions.jsonl)")
    ap.add_argument("--detail", action="store_true", help="also print the misses")
    args = ap.parse_args(argv)
    base = Path(os.environ.get("SPORTELLO_FAQ_DIR") or DEFAULT_DIR)
    kb_path = Path(args.kb) if args.kb else base / "kb.jsonl"
    q_path = Path(args.questions) if args.questions else base / "questions.jsonl"
    if not kb_path.is_file() or not q_path.is_file():
        print(f"dataset not found ({kb_path}, {q_path}): pass --kb/--questions or set SPORTELLO_FAQ_DIR",
              file=sys.stderr)
        return 2
    kb, questions = read_jsonl(kb_path), read_jsonl(q_path)
    index = Index(documents(kb))
    outcomes = run(index, questions)
    f = figures(outcomes)
    print(f"dataset: {q_path} ({len(questions)} questions, {len(kb)} entries) - development figures")
    print(f"threshold: {calibration.THRESHOLD:.2f} (shipped)")
    print(f"answer top-1: {f.top1:.1f} %")
    print(f"suggestions top-3: {f.top3:.1f} %")
    print(f"automatic answers: precision {f.precision:.1f} %, coverage {f.coverage:.1f} %")
    print(f"null questions answered automatically: {f.null_answered:.1f} %")
    print(f"time per question: {f.ms_per_question:.2f} ms")
    for lang in ("it", "en"):
        part = [o for o, q in zip(outcomes, questions) if q.get("lang", "it") == lang]
        if part:
            g = figures(part)
            print(f"  {lang}: {len(part)} questions, top-1 {g.top1:.1f} %, top-3 {g.top3:.1f} %, automatic "
                  f"precision {g.precision:.1f} %, coverage {g.coverage:.1f} %, null answered {g.null_answered:.1f} %")
    noted = [o for o, q in zip(outcomes, questions) if q.get("note")]
    plain = [o for o, q in zip(outcomes, questions) if not q.get("note")]
    for name, part in (("noted hard cases", noted), ("the rest", plain)):
        g = figures(part)
        print(f"  {name}: {len(part)} questions, top-1 {g.top1:.1f} %, top-3 {g.top3:.1f} %, automatic "
              f"precision {g.precision:.1f} %, null answered {g.null_answered:.1f} %")
    print("  threshold curve (precision / coverage / null answered):")
    for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        g = figures(outcomes, t)
        print(f"    {t:.2f}: {g.precision:.1f} % / {g.coverage:.1f} % / {g.null_answered:.1f} %")
    if args.detail:
        for o, q in zip(outcomes, questions):
            p = calibration.probability(o.features) if o.features else 0.0
            if (o.gold and not o.correct) or (o.gold is None and p >= calibration.THRESHOLD):
                print(f"  miss {q['id']}: gold {o.gold} got {o.ranked} p={p:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
