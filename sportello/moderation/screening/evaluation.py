"""Scoring the screen against labelled messages (the bench and the regression test share it).

Rows are the dataset's JSON objects: `text`, `moderation` (list of categories, [] when clean), optional
`sender_phone` (the context's own number) and `note` (hard clean cases start with "Moderation:").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sportello.moderation.screening.screen import ScreenConfig, screen
from sportello.moderation.screening.types import Category, ScreenContext, Verdict


@dataclass
class CategoryFigures:
    support: int = 0
    tp: int = 0
    fp: int = 0        # flagged with this category when the label does not have it (violating or clean)
    fn: int = 0
    clean_fp: int = 0  # clean messages flagged with this category

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.support if self.support else 1.0


@dataclass
class Report:
    total: int = 0
    violating: int = 0
    caught: int = 0
    clean: int = 0
    clean_flagged: list[str] = field(default_factory=list)
    hard_clean: int = 0
    hard_clean_flagged: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    per_category: dict[Category, CategoryFigures] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)       # wall time per message
    cpu_seconds: float = 0.0                                 # CPU time for all messages (steadier on a busy machine)
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.caught / self.violating if self.violating else 1.0

    @property
    def precision(self) -> float:
        flagged = self.caught + len(self.clean_flagged)
        return self.caught / flagged if flagged else 1.0

    @property
    def clean_fp_rate(self) -> float:
        return len(self.clean_flagged) / self.clean if self.clean else 0.0


def evaluate(
    rows: Iterable[dict],
    context_for: Callable[[dict], ScreenContext] | None = None,
    config: ScreenConfig | None = None,
) -> Report:
    make_context = context_for or (lambda row: ScreenContext(sender_phone=row.get("sender_phone")))
    report = Report(per_category={c: CategoryFigures() for c in Category})
    for row in rows:
        rid, gold = row.get("id", str(report.total)), {Category(c) for c in row.get("moderation", [])}
        ctx = make_context(row)
        started, cpu_started = time.perf_counter(), time.process_time()
        verdict = screen(row["text"], ctx, config)
        report.seconds.append(time.perf_counter() - started)
        report.cpu_seconds += time.process_time() - cpu_started
        report.verdicts[rid] = verdict
        report.total += 1
        predicted = set(verdict.flagged_categories)
        if gold:
            report.violating += 1
            if verdict.flagged:
                report.caught += 1
            else:
                report.missed.append(rid)
        else:
            report.clean += 1
            hard = str(row.get("note", "")).startswith("Moderation:")
            report.hard_clean += hard
            if verdict.flagged:
                report.clean_flagged.append(rid)
                if hard:
                    report.hard_clean_flagged.append(rid)
        for category, figures in report.per_category.items():
            figures.support += category in gold
            figures.tp += category in gold and category in predicted
            figures.fp += category not in gold and category in predicted
            figures.fn += category in gold and category not in predicted
            figures.clean_fp += not gold and category in predicted
    return report
