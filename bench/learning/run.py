"""Learning curve of the shipped models: train on the project's batches 1..k, measure on the development set.

    .venv/bin/python bench/learning/run.py [--dataset PATH] [--batches 1 2 3]   (needs numpy to train)
    .venv/bin/python bench/learning/run.py --cross [--batches K]   leave one batch out (over batches 1..K)
    .venv/bin/python bench/learning/run.py --cross --test-folds K  ... all batches train, batches 1..K are tested
    .venv/bin/python bench/learning/run.py --score-batch N         the shipped weights on batch N, no training
    .venv/bin/python bench/learning/run.py --thresholds            the model thresholds' rule, shipped weights

For each k the three models (moderation, routing, report detection) are trained in memory on the first k batches
of sportello/learning/training/ and measured on the development set, alone and blended with the rules, next to
the rules alone (k = 0). The development set is never trained on. Figures are development figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sportello.intent import KindClassifier
from sportello.intent.evaluation import evaluate as evaluate_intent
from sportello.learning.build import train_task
from sportello.learning.corpus import batch_files, load_corpus
from sportello.moderation.screening import ScreenConfig, ScreenContext, screen
from sportello.routing import Suggester
from sportello.routing.evaluation import evaluate_cold
from sportello.textkit.dataset import load_dataset, resolve_dataset


def moderation_figures(rows: list[dict], model) -> str:  # type: ignore[no-untyped-def]
    config = ScreenConfig(model=model)
    caught = violating = clean = clean_flagged = 0
    per: dict[str, list[int]] = {}
    alone_caught = alone_clean = 0
    for r in rows:
        gold = set(r["moderation"])
        v = screen(r["text"], ScreenContext(sender_phone=r.get("sender_phone")), config)
        got = {c.value for c in v.flagged_categories}
        alone = model is not None and any(p >= 0.5 for p in model.predict(r["text"]).values())
        if gold:
            violating += 1
            caught += v.flagged
            alone_caught += alone
            for c in gold:
                per.setdefault(c, [0, 0])
                per[c][0] += 1
                per[c][1] += c in got
        else:
            clean += 1
            clean_flagged += v.flagged
            alone_clean += alone
    weakest = sorted(per.items(), key=lambda kv: kv[1][1] / kv[1][0])[:3]
    alone = (f"model alone recall {alone_caught / violating:.1%} clean flagged {alone_clean / clean:.1%}; "
             if model is not None else "")
    return (f"{alone}blended recall {caught / violating:.1%}, clean flagged {clean_flagged / clean:.1%}, "
            f"weakest " + ", ".join(f"{c} {h / n:.0%}" for c, (n, h) in weakest))


def routing_figures(rows: list[dict], model) -> str:  # type: ignore[no-untyped-def]
    alone = ""
    if model is not None:
        hits = sum(max((p := model.predict(r["text"])), key=p.get) == r["department"] for r in rows)
        alone = f"model alone top-1 {hits / len(rows):.1%}; "
    cold = evaluate_cold(rows, factory=lambda: Suggester(shipped_model=model)).accuracy
    # Warm figures (learning the municipality's confirmations on top) are in bench/routing: they cost 15 runs.
    return f"{alone}cold top-1 {cold['top1']:.1%}"


def intent_figures(rows: list[dict], model) -> str:  # type: ignore[no-untyped-def]
    rep = evaluate_intent(rows, factory=lambda: KindClassifier(shipped_model=model))
    alone = ""
    if model is not None:
        tp = fp = fn = 0
        for r in rows:
            p = model.predict(r["text"])
            pred = p["report"] + p["complaint"] >= 0.7
            gold = r["kind"] in ("report", "complaint")
            tp += pred and gold
            fp += pred and not gold
            fn += gold and not pred
        alone = f"model alone @0.7 precision {tp / max(1, tp + fp):.1%} recall {tp / max(1, tp + fn):.1%}; "
    return (f"{alone}blended @0.7 precision {rep.report.precision:.1%} recall {rep.report.recall:.1%}, "
            f"kind accuracy {rep.kind_accuracy:.1%}")


def batch_scores(
    test: list, models: dict, totals: dict[str, list[int]], detail: dict[str, list[int]]
) -> None:
    """Rules alone and rules + models on one batch's examples, added to `totals` (the summary lines) and to
    `detail` (moderation recall per category, routing top-1 per department)."""
    for name, cfg in (("rules", ScreenConfig(model=None)),
                      ("rules+model", ScreenConfig(model=models["moderation"])),
                      ("rules+model@0.65", ScreenConfig(model=models["moderation"], model_thresholds={}))):
        t = totals.setdefault(f"moderation {name}", [0, 0, 0, 0])
        for e in test:
            v = screen(e.text, ScreenContext(), cfg)
            got = {c.value for c in v.flagged_categories}
            if e.moderation:
                t[0] += 1
                t[1] += v.flagged
                for c in e.moderation:
                    d = detail.setdefault(f"moderation {name} {c}", [0, 0])
                    d[0] += 1
                    d[1] += c in got
            else:
                t[2] += 1
                t[3] += v.flagged
    for name, clf in (("rules", KindClassifier(shipped_model=None)),
                      ("rules+model", KindClassifier(shipped_model=models["intent"]))):
        t = totals.setdefault(f"report {name}", [0, 0, 0, 0])
        for e in test:
            pred = clf.classify(e.text).report_confidence >= 0.7
            gold = e.kind in ("report", "complaint")
            t[0] += pred and gold
            t[1] += pred and not gold
            t[2] += gold
    for name, sug in (("keywords", Suggester(shipped_model=None)),
                      ("keywords+model", Suggester(shipped_model=models["routing"]))):
        t = totals.setdefault(f"routing {name}", [0, 0, 0, 0])
        for e in test:
            hit = sug.suggest(e.text, k=1)[0].department == e.department
            t[0] += 1
            t[1] += hit
            d = detail.setdefault(f"routing {name} {e.department}", [0, 0])
            d[0] += 1
            d[1] += hit


def print_totals(totals: dict[str, list[int]]) -> None:
    for key, t in totals.items():
        if key.startswith("moderation"):
            print(f"{key:<28} recall {t[1] / max(1, t[0]):.1%}  clean flagged {t[3] / max(1, t[2]):.1%}")
        elif key.startswith("report"):
            print(f"{key:<28} precision @0.7 {t[0] / max(1, t[0] + t[1]):.1%}  recall {t[0] / max(1, t[2]):.1%}")
        else:
            print(f"{key:<28} top-1 {t[1] / max(1, t[0]):.1%}")


def print_detail(detail: dict[str, list[int]]) -> None:
    for prefix, what in (("moderation ", "recall by category"), ("routing ", "top-1 by department")):
        names = sorted({k.rsplit(" ", 1)[0] for k in detail if k.startswith(prefix)})
        for name in names:
            cells = sorted((k.rsplit(" ", 1)[1], v) for k, v in detail.items() if k.rsplit(" ", 1)[0] == name)
            print(f"{name} {what}: " + ", ".join(f"{c} {h / n:.0%} ({h}/{n})" for c, (n, h) in cells))


def score_batch(number: int) -> None:
    """The shipped weights (whatever batches they were trained on) on one batch: a batch scored before any
    retraining, as the method asks. Rules alone next to rules + the shipped models."""
    from sportello.learning.corpus import load_batch
    from sportello.learning.linear import shipped

    path = next((p for p in batch_files() if p.stem == f"batch_{number}"), None)
    if path is None:
        raise SystemExit(f"no training batch {number}")
    test = load_batch(path)
    models = {t: shipped(t) for t in ("moderation", "routing", "intent")}
    trained_on = {t: (m.meta or {}).get("examples") for t, m in models.items() if m is not None}
    totals: dict[str, list[int]] = {}
    detail: dict[str, list[int]] = {}
    batch_scores(test, models, totals, detail)
    print(f"\n== shipped weights on {path.name} ({len(test)} messages; "
          f"weights trained on {trained_on} examples) ==")
    print_totals(totals)
    print_detail(detail)


def cross_batch(upto: int | None = None, test_upto: int | None = None) -> None:
    """Leave one batch out: train on the other batches, measure on the one left out (rules never saw it either).

    The rules were written while reading the development set, so on it they look perfect; the project's own
    batches are unseen phrasing for the rules and for the model alike, the nearest thing to a held-out set here.
    `upto`: only the first batches (to compare a run with a new batch against the run without it). `test_upto`:
    every batch trains, but only the first batches are test folds (the same test folds as a run before new batches
    were written, with more training data).
    """
    files = batch_files()[:upto] if upto else batch_files()
    tested = files[:test_upto] if test_upto else files
    from sportello.learning.corpus import load_batch

    totals: dict[str, list[int]] = {}
    detail: dict[str, list[int]] = {}
    per_fold: list[tuple[str, dict[str, list[int]]]] = []
    for j, path in enumerate(tested):
        test = load_batch(path)
        train_ex = [e for i, p in enumerate(files) if i != j for e in load_batch(p)]
        model = train_task("moderation", train_ex)
        intent = train_task("intent", train_ex)
        routing = train_task("routing", train_ex)
        fold: dict[str, list[int]] = {}
        batch_scores(test, {"moderation": model, "intent": intent, "routing": routing}, fold, detail)
        per_fold.append((path.name, fold))
        for key, t in fold.items():
            acc = totals.setdefault(key, [0, 0, 0, 0])
            for i, v in enumerate(t):
                acc[i] += v
    folds = f", test folds 1-{len(tested)}" if len(tested) < len(files) else ""
    print(f"\n== leave one batch out over {len(files)} batches (the project's own messages){folds} ==")
    print_totals(totals)
    print_detail(detail)
    for name, fold in per_fold:
        print(f"\n-- test fold {name}")
        print_totals(fold)


THRESHOLD_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def clean_flagged_by_threshold(  # type: ignore[no-untyped-def]
    rows: list[dict], model
) -> dict[str, dict[float, int]]:
    """Clean messages flagged with each category when the model flags alone from t (one t for all)."""
    counts: dict[str, dict[float, int]] = {}
    for t in THRESHOLD_GRID:
        cfg = ScreenConfig(model=model, model_threshold=t, model_thresholds={})
        for r in rows:
            if r["moderation"]:
                continue
            verdict = screen(r["text"], ScreenContext(sender_phone=r.get("sender_phone")), cfg)
            for c in verdict.flagged_categories:
                counts.setdefault(c.value, dict.fromkeys(THRESHOLD_GRID, 0))[t] += 1
    return counts


def threshold_rule(own: dict[float, int], dev: dict[float, int], general: float) -> float:
    """The lowest threshold from 0.5 up at which the development set's clean messages are not flagged with the
    category and the curated clean examples no more often than at the general threshold (bench/LEARNING.md, 22
    and 25); the highest of the grid when none is."""
    return next((t for t in THRESHOLD_GRID if dev[t] == 0 and own[t] <= own[general]), THRESHOLD_GRID[-1])


def thresholds(dataset: str | None) -> int:
    from sportello.learning.linear import shipped
    from sportello.moderation.screening.screen import DEFAULT_CONFIG, MODEL_SILENT
    from sportello.moderation.screening.types import Category

    path = resolve_dataset(dataset)
    if path is None:
        print("dataset not found: pass --dataset or set SPORTELLO_DATASET", file=sys.stderr)
        return 2
    model = shipped("moderation")
    curated = load_dataset(ROOT / "tests/moderation/screening/own_examples.jsonl")
    own = clean_flagged_by_threshold(curated, model)
    dev = clean_flagged_by_threshold(load_dataset(path), model)
    general = DEFAULT_CONFIG.model_threshold
    examples = (model.meta or {}).get("examples")
    print(f"shipped moderation weights ({examples} examples); clean messages flagged with each category, "
          f"curated / development, at one model threshold for all:")
    print(f"{'category':<16}" + "".join(f"{t:>9}" for t in THRESHOLD_GRID) + "    rule  shipped")
    zero = dict.fromkeys(THRESHOLD_GRID, 0)
    for category in Category:
        if category in MODEL_SILENT:
            continue
        o, d = own.get(category.value, zero), dev.get(category.value, zero)
        cells = "".join(f"{f'{o[t]} / {d[t]}':>9}" for t in THRESHOLD_GRID)
        chosen = DEFAULT_CONFIG.model_thresholds.get(category, general)
        print(f"{category.value:<16}{cells}{threshold_rule(o, d, general):>8}{chosen:>9}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset")
    ap.add_argument("--batches", type=int, nargs="+", default=None, help="k values (default 0..all)")
    ap.add_argument("--cross", action="store_true", help="only the leave-one-batch-out figures "
                    "(with --batches K: over the first K batches only)")
    ap.add_argument("--test-folds", type=int, metavar="K",
                    help="with --cross: every batch trains, only batches 1..K are test folds")
    ap.add_argument("--score-batch", type=int, metavar="N",
                    help="only the shipped weights on batch N (rules alone and rules + shipped models)")
    ap.add_argument("--thresholds", action="store_true",
                    help="only the rule of the moderation model's thresholds, on the shipped weights")
    args = ap.parse_args(argv)
    if args.thresholds:
        return thresholds(args.dataset)
    if args.score_batch is not None:
        score_batch(args.score_batch)
        return 0
    if args.cross:
        cross_batch(args.batches[0] if args.batches else None, args.test_folds)
        return 0
    path = resolve_dataset(args.dataset)
    if path is None:
        print("dataset not found: pass --dataset or set SPORTELLO_DATASET", file=sys.stderr)
        return 2
    rows = load_dataset(path)
    ks = args.batches if args.batches is not None else list(range(len(batch_files()) + 1))
    print(f"dataset: {path} ({len(rows)} messages) - development figures; training batches: {len(batch_files())}")
    for k in ks:
        examples = load_corpus(k) if k else []
        models = {t: train_task(t, examples) if k else None for t in ("moderation", "routing", "intent")}
        print(f"\n== batches 1..{k}: {len(examples)} training messages ==" if k else "\n== rules only (k = 0) ==")
        print(f"moderation: {moderation_figures(rows, models['moderation'])}")
        print(f"routing:    {routing_figures(rows, models['routing'])}")
        print(f"report detection: {intent_figures(rows, models['intent'])}")
        if models["routing"] is not None:
            m = models["routing"]
            started = time.process_time()
            for r in rows:
                m.predict(r["text"] + " .")
            print(f"model time: {(time.process_time() - started) * 1000 / len(rows):.2f} ms/message (routing model)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
