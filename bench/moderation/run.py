"""Moderation screening bench: precision, recall and false positives on the labelled development set.

    .venv/bin/python bench/moderation/run.py [--dataset PATH] [--verbose]

The dataset defaults to $SPORTELLO_DATASET, else ../shared/datasets/messages.jsonl relative to the repository root.
Figures on that set are development figures (see bench/moderation/README.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sportello.moderation.screening import ScreenConfig
from sportello.moderation.screening.evaluation import Report, evaluate
from sportello.textkit.dataset import load_dataset, resolve_dataset
from sportello.moderation.screening.types import Category

TARGET_RECALL, TARGET_CLEAN_FP = 0.90, 0.02


def print_report(report: Report, rows: list[dict], verbose: bool) -> None:
    print(f"{'category':<16}{'support':>8}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"
          f"{'clean FP':>10}{'rate':>7}")
    for category, f in report.per_category.items():
        print(f"{category.value:<16}{f.support:>8}{f.tp:>5}{f.fp:>5}{f.fn:>5}{f.precision:>11.1%}{f.recall:>8.1%}"
              f"{f.clean_fp:>10}{f.clean_fp / max(report.clean, 1):>7.1%}")
    print()
    print(f"messages {report.total}: {report.violating} violating, {report.clean} clean "
          f"({report.hard_clean} hard clean cases)")
    print(f"overall recall (violating flagged at all): {report.caught}/{report.violating} = {report.recall:.1%}"
          f"  [target >= {TARGET_RECALL:.0%}]")
    print(f"overall precision (flagged messages that violate): {report.precision:.1%}")
    print(f"clean messages flagged: {len(report.clean_flagged)}/{report.clean} = {report.clean_fp_rate:.1%}"
          f"  [target <= {TARGET_CLEAN_FP:.0%}] {' '.join(report.clean_flagged)}")
    print(f"hard clean cases flagged: {len(report.hard_clean_flagged)}/{report.hard_clean}  [target 0] "
          f"{' '.join(report.hard_clean_flagged)}")
    ms = [s * 1000 for s in report.seconds]
    print(f"time: {sum(ms):.0f} ms total wall ({report.cpu_seconds * 1000:.0f} ms CPU), "
          f"{statistics.mean(ms):.2f} ms/message mean, p95 {sorted(ms)[int(len(ms) * 0.95) - 1]:.2f} ms, "
          f"max {max(ms):.2f} ms")
    if verbose:
        by_id = {r["id"]: r for r in rows}
        print("\nmissed violating messages:")
        for rid in report.missed:
            print(f"  {rid} {by_id[rid]['moderation']}: {by_id[rid]['text']}")
        print("\nflagged clean messages:")
        for rid in report.clean_flagged:
            verdict = report.verdicts[rid]
            print(f"  {rid} {[c.value for c in verdict.flagged_categories]}: {by_id[rid]['text']}")
            for cv in verdict.categories:
                for ev in cv.evidence:
                    print(f"      {cv.category.value} {ev.finder} {ev.text!r} w={ev.weight} {ev.detail}")
        print("\nwrong or missing categories on violating messages:")
        for rid, verdict in report.verdicts.items():
            gold = {Category(c) for c in by_id[rid]["moderation"]}
            got = set(verdict.flagged_categories)
            if gold and gold != got:
                print(f"  {rid} gold={sorted(c.value for c in gold)} got={sorted(c.value for c in got)}: "
                      f"{by_id[rid]['text']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", help="JSONL dataset (default: $SPORTELLO_DATASET or ../shared/datasets/…)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)
    path = resolve_dataset(args.dataset)
    if path is None:
        print("dataset not found: pass --dataset or set SPORTELLO_DATASET", file=sys.stderr)
        return 2
    rows = load_dataset(path)
    print(f"dataset: {path} (development figures)\n")
    print("== rules only (the baseline: lexicons, links, personal data) ==")
    baseline = evaluate(rows, config=ScreenConfig(model=None))
    print_report(baseline, rows, args.verbose)
    print("\n== rules + shipped model (the default screen) ==")
    product = evaluate(rows)
    print_report(product, rows, args.verbose)
    print(f"\nper-category recall, rules + model: " + ", ".join(
        f"{c.value} {f.recall:.1%}" for c, f in product.per_category.items()))
    print(f"recall vs baseline: {product.recall / max(baseline.recall, 1e-9):.3f}x; "
          f"clean flagged: {len(product.clean_flagged)} vs {len(baseline.clean_flagged)}; "
          f"CPU time per message vs baseline: {product.cpu_seconds / max(baseline.cpu_seconds, 1e-9):.2f}x "
          f"({product.cpu_seconds * 1000 / max(product.total, 1):.2f} ms/message)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
