"""screen(): normalise, run the detectors, combine their evidence into a verdict per category."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from sportello.moderation.screening import context as safe_contexts
from sportello.moderation.screening.detectors import PIPELINE, Finding, Message, combine
from sportello.moderation.screening.ml import Classifier
from sportello.moderation.screening.names import people
from sportello.moderation.screening.normalize import normalize
from sportello.moderation.screening.types import Category, CategoryVerdict, Evidence, ScreenContext, Verdict

DEFAULT_THRESHOLDS: Mapping[Category, float] = MappingProxyType({c: 0.5 for c in Category})


@dataclass(frozen=True)
class ScreenConfig:
    """`thresholds` per category; `classifier` is an optional local model (see ml.py), blended with `weight`."""

    thresholds: Mapping[Category, float] = field(default_factory=lambda: DEFAULT_THRESHOLDS)
    classifier: Classifier | None = None
    classifier_weight: float = 0.5


DEFAULT_CONFIG = ScreenConfig()


def screen(text: str, context: ScreenContext | None = None, config: ScreenConfig | None = None) -> Verdict:
    """Screen a message, a caption or a document's file name against the code of conduct."""
    ctx = context or ScreenContext()
    cfg = config or DEFAULT_CONFIG
    doc = normalize(text or "")
    msg = Message(doc, ctx, people(doc, ctx.sender_name), safe_contexts.quote_spans(doc.original))
    for detector in PIPELINE:
        msg.findings.extend(detector(msg))
    if cfg.classifier is not None:
        msg.findings.extend(_classifier_findings(cfg.classifier, text, cfg.classifier_weight))

    categories = []
    for category in Category:
        live = msg.active(category)
        score = combine(live)
        if score <= 0.0:
            continue
        evidence = [f.evidence for f in sorted(live, key=lambda f: -f.evidence.weight) if f.evidence.weight > 0]
        threshold = cfg.thresholds.get(category, 0.5)
        categories.append(CategoryVerdict(category, score, score >= threshold, evidence))
    categories.sort(key=lambda c: -c.score)
    cleared = [_cleared(f) for f in msg.findings if f.cleared]
    return Verdict(any(c.flagged for c in categories), categories, cleared)


def _cleared(f: Finding) -> Evidence:
    detail = f"cleared: {f.cleared}" + (f" ({f.evidence.detail})" if f.evidence.detail else "")
    return replace(f.evidence, detail=detail)


def _classifier_findings(classifier: Classifier, text: str, weight: float) -> list[Finding]:
    """A model's probability p becomes one piece of evidence of weight `weight`·p for its category."""
    out = []
    for name, p in classifier(text).items():
        try:
            category = Category(name)
        except ValueError:
            continue
        if p > 0.05:
            evidence = Evidence("ml:classifier", (0, len(text)), text, name, round(weight * float(p), 4),
                                f"model probability {p:.2f}")
            out.append(Finding(category, evidence))
    return out
