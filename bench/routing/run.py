"""Routing bench: top-1 / top-3 accuracy of the department suggester, cold and warm (k-fold cross-validation).

    .venv/bin/python bench/routing/run.py [--dataset PATH] [--folds 5] [--seeds 0 1 2]

Figures on the shared development set are development figures, not an evaluation of the product.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sportello.routing import Suggester
from sportello.routing.catalogue import DEFAULT_CATALOGUE
from sportello.routing.evaluation import (
    evaluate_cold,
    evaluate_warm,
    format_report,
    load_dataset,
    resolve_dataset,
    thin_profiles,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--dataset", help="JSONL with text and department (default: $SPORTELLO_DATASET or shared set)"
    )
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = ap.parse_args(argv)

    path = resolve_dataset(args.dataset)
    if path is None:
        print("dataset not found: pass --dataset or set SPORTELLO_DATASET", file=sys.stderr)
        return 2
    rows = load_dataset(path)
    print(f"dataset: {path} ({len(rows)} messages) - development figures")
    print()
    rules_only = lambda: Suggester(shipped_model=None)  # noqa: E731 - the baseline of the lines below
    print(format_report("cold: configured keywords only, nothing learned",
                        evaluate_cold(rows, factory=rules_only)))
    print()
    warm = evaluate_warm(rows, folds=args.folds, seeds=args.seeds, factory=rules_only)
    title = (
        f"warm: {args.folds}-fold cross-validation x {len(args.seeds)} seeds, "
        f"learning on {args.folds - 1}/{args.folds} of the set, measured on the held-out fold"
    )
    print(format_report(title, warm))
    print()
    print("stress: catalogue keywords removed at random (a stand-in for phrasings the catalogue misses)")
    for label, profiles in (
        ("half keywords", thin_profiles(DEFAULT_CATALOGUE, 0.5)),
        ("category names only", thin_profiles(DEFAULT_CATALOGUE, 0.0)),
    ):
        c = evaluate_cold(rows, factory=lambda p=profiles: Suggester(p, shipped_model=None)).accuracy
        w = evaluate_warm(rows, folds=args.folds, seeds=args.seeds,
                          factory=lambda p=profiles: Suggester(p, shipped_model=None)).accuracy
        print(
            f"  {label:<20} cold top-1 {c['top1']:.1%} top-3 {c['top3']:.1%}   "
            f"warm top-1 {w['top1']:.1%} top-3 {w['top3']:.1%}"
        )
    print()
    print(format_report("cold + shipped model: keywords and the model trained on the project's messages",
                        evaluate_cold(rows)))
    print()
    warm_model = evaluate_warm(rows, folds=args.folds, seeds=args.seeds)
    print(format_report(title.replace("warm:", "warm + shipped model:"), warm_model))
    print(f"warm top-1 vs keywords-only warm: {warm_model.accuracy['top1'] / warm.accuracy['top1']:.3f}x")
    for label, profiles in (
        ("half keywords", thin_profiles(DEFAULT_CATALOGUE, 0.5)),
        ("category names only", thin_profiles(DEFAULT_CATALOGUE, 0.0)),
    ):
        c = evaluate_cold(rows, factory=lambda p=profiles: Suggester(p)).accuracy
        print(f"  stress + model {label:<20} cold top-1 {c['top1']:.1%} top-3 {c['top3']:.1%}")
    print()
    s = Suggester(shipped_model=None)
    for r in rows:
        s.learn(r["text"], r["department"])
    texts = [r["text"] + " ." for r in rows]  # new strings: no analysis cache hits
    t0 = time.perf_counter()
    for t in texts:
        s.suggest(t)
    dt = time.perf_counter() - t0
    print(f"speed: {len(texts) / dt:,.0f} suggestions/s with {s.n_learned} examples learned")
    s2 = Suggester()
    for r in rows:
        s2.learn(r["text"], r["department"])
    texts = [r["text"] + " .." for r in rows]
    c0 = time.process_time()
    for t in texts:
        s2.suggest(t)
    ms = (time.process_time() - c0) * 1000 / len(texts)
    print(f"speed with the shipped model: {ms:.2f} ms CPU per suggestion ({dt * 1000 / len(texts):.2f} ms wall "
          f"without it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
