"""Measuring the suggester on a labelled set: cold (keywords only) and warm (k-fold cross-validation).

Used by `bench/routing/run.py` and by the tests. Warm figures always come from held-out folds: the suggester
learns on the training folds and is measured on the fold it never saw.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sportello.routing.catalogue import DEFAULT_CATALOGUE
from sportello.routing.profile import Category, DepartmentProfile
from sportello.routing.suggester import Suggester, SuggesterConfig
from sportello.textkit.dataset import load_dataset, resolve_dataset  # noqa: F401  (re-exported for the benches)

def stratified_folds(labels: Sequence[str], k: int, seed: int) -> list[list[int]]:
    """k folds with each label spread evenly, shuffled by seed."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, y in enumerate(labels):
        by_label[y].append(i)
    folds: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for y in sorted(by_label):
        idx = by_label[y]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[(j + offset) % k].append(i)
        offset += len(idx)
    return folds


@dataclass
class RoutingReport:
    n: int = 0
    top1: int = 0
    top3: int = 0
    n_clean: int = 0
    top1_clean: int = 0
    top3_clean: int = 0
    per_dept: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0])
    )  # n, top1, top3
    confusion: Counter = field(default_factory=Counter)  # (true, predicted) -> count, errors only
    conf_sum: float = 0.0  # summed top-1 confidence, for calibration
    bins: dict[int, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0, 0]))

    def add(self, row: dict[str, Any], ranked: list[tuple[str, float]]) -> None:
        gold = row["department"]
        clean = not row.get("moderation")
        hit1 = ranked[0][0] == gold
        hit3 = gold in [d for d, _ in ranked[:3]]
        self.n += 1
        self.top1 += hit1
        self.top3 += hit3
        if clean:
            self.n_clean += 1
            self.top1_clean += hit1
            self.top3_clean += hit3
        pd = self.per_dept[gold]
        pd[0] += 1
        pd[1] += hit1
        pd[2] += hit3
        if not hit1:
            self.confusion[(gold, ranked[0][0])] += 1
        conf = ranked[0][1]
        self.conf_sum += conf
        b = self.bins[min(9, int(conf * 10))]
        b[0] += 1
        b[1] += conf
        b[2] += hit1

    @property
    def accuracy(self) -> dict[str, float]:
        return {
            "top1": self.top1 / self.n if self.n else 0.0,
            "top3": self.top3 / self.n if self.n else 0.0,
            "top1_clean": self.top1_clean / self.n_clean if self.n_clean else 0.0,
            "top3_clean": self.top3_clean / self.n_clean if self.n_clean else 0.0,
        }

    @property
    def calibration_error(self) -> float:
        """Expected calibration error of the top-1 confidence over ten bins."""
        if not self.n:
            return 0.0
        return sum(abs(b[2] - b[1]) for b in self.bins.values()) / self.n


def _ranked(s: Suggester, text: str) -> list[tuple[str, float]]:
    return [(x.department, x.confidence) for x in s.suggest(text, k=3)]


def evaluate_cold(
    rows: Sequence[dict[str, Any]],
    profiles: Sequence[DepartmentProfile] = DEFAULT_CATALOGUE,
    config: SuggesterConfig | None = None,
    factory: Callable[[], Suggester] | None = None,
) -> RoutingReport:
    s = factory() if factory else Suggester(profiles, config=config)
    rep = RoutingReport()
    for r in rows:
        rep.add(r, _ranked(s, r["text"]))
    return rep


def evaluate_warm(
    rows: Sequence[dict[str, Any]],
    folds: int = 5,
    seeds: Iterable[int] = (0, 1, 2),
    profiles: Sequence[DepartmentProfile] = DEFAULT_CATALOGUE,
    config: SuggesterConfig | None = None,
    factory: Callable[[], Suggester] | None = None,
) -> RoutingReport:
    """k-fold cross-validation repeated over seeds; every message is measured once per seed, held out."""
    rep = RoutingReport()
    labels = [r["department"] for r in rows]
    for seed in seeds:
        parts = stratified_folds(labels, folds, seed)
        for k, test in enumerate(parts):
            s = factory() if factory else Suggester(profiles, config=config)
            train = [i for j, p in enumerate(parts) if j != k for i in p]
            random.Random(seed * 100 + k).shuffle(train)
            for i in train:
                s.learn(rows[i]["text"], rows[i]["department"])
            for i in test:
                rep.add(rows[i], _ranked(s, rows[i]["text"]))
    return rep


def thin_profiles(
    profiles: Sequence[DepartmentProfile], keep: float, seed: int = 7
) -> list[DepartmentProfile]:
    """The catalogue with a random share of keywords removed: a stand-in for phrasings it does not cover."""
    rng = random.Random(seed)
    out = []
    for p in profiles:
        cats = tuple(
            Category(c.name, tuple(k for k in c.keywords if rng.random() < keep)) for c in p.categories
        )
        out.append(
            DepartmentProfile(p.code, p.name, cats, tuple(k for k in p.keywords if rng.random() < keep))
        )
    return out


def format_report(title: str, rep: RoutingReport) -> str:
    acc = rep.accuracy
    lines = [
        f"== {title} ==",
        f"messages measured: {rep.n} (clean: {rep.n_clean})",
        f"top-1 all   {acc['top1']:.1%}    top-3 all   {acc['top3']:.1%}",
        f"top-1 clean {acc['top1_clean']:.1%}    top-3 clean {acc['top3_clean']:.1%}",
        (
            f"mean top-1 confidence {rep.conf_sum / max(1, rep.n):.2f}  "
            f"(calibration error {rep.calibration_error:.3f})"
        ),
        "per department        n   top-1   top-3",
    ]
    for d in sorted(rep.per_dept):
        n, h1, h3 = rep.per_dept[d]
        lines.append(f"  {d:<18} {n:>4}  {h1 / n:6.1%}  {h3 / n:6.1%}")
    lines.append("most frequent confusions (true -> suggested first):")
    for (gold, pred), c in rep.confusion.most_common(10):
        lines.append(f"  {gold:<18} -> {pred:<18} {c}")
    return "\n".join(lines)
