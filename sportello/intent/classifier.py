"""What a citizen wants: info, report, complaint, booking, subscription or other.

Cue phrases (see `cues.py`, plus a municipality's extra keywords) are matched on stems with typo tolerance;
each kind's score is the sum of its matched cue groups plus a few structural signals (a question mark, a
link, a message with no words). A softmax turns scores into confidences that sum to one, and the evidence
says which cues decided, so an operator can see why a message was redirected.

A `KindClassifier` can also learn from operators' confirmed kinds (a Naive Bayes over stems, stem bigrams and
the cue groups that fired), blended in as confirmations accumulate, like the routing suggester.
`classify_kind` is the stateless, rules-only entry point.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from sportello.intent.cues import CUES, KINDS, CueGroup
from sportello.learning.linear import LinearModel, shipped
from sportello.routing.analysis import Analysis, analyse
from sportello.routing.matching import KeywordIndex
from sportello.routing.model import NaiveBayes

STATE_VERSION = 1

_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*|[.!?\n]+")
# Masked profanity ("c***o", "m***a", "c...o", "s t r o n z i", "m e r d a"): a sign of anger, whatever the word.
_MASKED = re.compile(r"\b[a-z]+\*{2,}[a-z]*|\b[a-z]\.{2,}[a-z]\b|\b(?:[a-z] ){4,}[a-z]\b", re.IGNORECASE)
_URL_TOKEN = re.compile(
    r"(?:https?://|www\.)\S+|\b\S+\.(?:it|com|net|org|xyz|top|bet|cc|io|info|biz|ly|me)\b\S*", re.IGNORECASE
)
_URL = re.compile(
    r"(https?://|www\.|\b[\w-]+\.(?:com|net|org|xyz|top|bet|cc|io|info|biz)\b|bit\.ly|t\.me/)", re.IGNORECASE
)


@dataclass(frozen=True)
class IntentConfig:
    """Per-municipality settings. Extra keywords are plain phrases, matched like the built-in cues."""

    extra_report_keywords: tuple[str, ...] = ()
    extra_complaint_keywords: tuple[str, ...] = ()
    extra_info_keywords: tuple[str, ...] = ()
    extra_booking_keywords: tuple[str, ...] = ()
    extra_subscription_keywords: tuple[str, ...] = ()
    extra_weight: float = 1.5  # a municipality's own keyword is a strong cue
    temperature: float = 0.5  # softmax temperature over kind scores (chosen for calibration)
    info_baseline: float = 0.3  # a question is the commonest message: ties lean to info
    question_mark: float = 0.9  # any "?" in the text
    trailing_question: float = 0.4  # the text ends with "?"
    statement: float = 0.4  # no question at all: leans to report/complaint, not enough to redirect alone
    masked_insult: float = 0.8
    link: float = 0.8
    # Learning from operators' confirmed kinds (optional): weight n / (n + ramp), softened by a temperature.
    learned_temperature: float = 10.0
    ramp: float = 40.0
    alpha: float = 0.5
    # The shipped model's log-probabilities, added to the cue scores (a product of experts).
    model_weight: float = 1.0
    # The rules are the high-precision layer for booking, a redirect: a rule-level booking this confident
    # (the booking redirect threshold) may be reinforced by the model, never overturned (it read "prenotare"
    # requests as questions); and a message the rules read as a report or complaint is not made a booking by
    # the model (none of the project's written bookings reads so to the rules; protests about the booking
    # site do).
    rule_booking_floor: float = 0.6

    def extras(self) -> dict[str, tuple[str, ...]]:
        return {
            "report": self.extra_report_keywords,
            "complaint": self.extra_complaint_keywords,
            "info": self.extra_info_keywords,
            "booking": self.extra_booking_keywords,
            "subscription": self.extra_subscription_keywords,
        }


@dataclass(frozen=True)
class KindVerdict:
    kind: str
    confidence: float
    scores: dict[str, float]  # confidence per kind, summing to one
    evidence: tuple[str, ...] = field(default=())  # "report/defect: spento", "info/?: question mark"

    @property
    def report_confidence(self) -> float:
        """Report and complaint together: both go to a reporting channel when a municipality redirects."""
        return self.scores.get("report", 0.0) + self.scores.get("complaint", 0.0)


class KindClassifier:
    def __init__(
        self,
        config: IntentConfig | None = None,
        groups: Iterable[CueGroup] = CUES,
        shipped_model: LinearModel | None | str = "shipped",
    ) -> None:
        self.config = config or IntentConfig()
        # The model shipped with the package (trained on the project's own messages); None: cue rules only.
        self.shipped = shipped("intent") if shipped_model == "shipped" else shipped_model
        self.model = NaiveBayes(alpha=self.config.alpha)
        self.groups: dict[str, CueGroup] = {}
        self.index = KeywordIndex(keep_stopwords=True, window=2)
        for g in groups:
            self._add_group(g)
        for kind, phrases in self.config.extras().items():
            if phrases:
                self._add_group(CueGroup(kind, "configured", self.config.extra_weight, tuple(phrases)))

    def _add_group(self, g: CueGroup) -> None:
        owner = f"{g.kind}/{g.name}"
        self.groups[owner] = g
        # Cue weights are per group, so every phrase counts the same, however many words it has.
        self.index.add_all(
            ((p, owner, g.name) for p in g.phrases), share_across_owners=False, length_bonus=False
        )

    def _hits(self, text: str) -> dict[str, list[tuple[str, float]]]:
        """Matched cues per group, sentence by sentence so question-only cues can be gated."""
        hits: dict[str, list[tuple[str, float]]] = defaultdict(list)
        seen: set[tuple[str, int, tuple[int, ...]]] = set()
        # Links are judged as links (see `_rule_scores`); their fragments are not words ("premi.top" ~ "topi").
        for n, sentence in enumerate(_SENTENCE.finditer(_URL_TOKEN.sub(" ", text))):
            chunk = sentence.group(0)
            a = analyse(chunk)
            is_question = "?" in chunk
            for m in self.index.matches(a):
                g = self.groups[m.keyword.owner]
                if g.question_only and not is_question and min(m.positions) > 1:
                    continue
                if g.statement_only and is_question:
                    continue
                # Two cue forms of one group on the same words ("prenotare", "prenoto") count once.
                key = (m.keyword.owner, n, m.positions)
                if key not in seen:
                    seen.add(key)
                    hits[m.keyword.owner].append((m.keyword.text, m.quality))
        return hits

    def _rule_scores(self, text: str, a: Analysis) -> tuple[dict[str, float], list[str]]:
        cfg = self.config
        hits = self._hits(text)
        scores = {k: 0.0 for k in KINDS}
        evidence: list[str] = []
        hit_groups = {(self.groups[o].kind, self.groups[o].name) for o in hits}
        for owner, found in hits.items():
            g = self.groups[owner]
            qualities = sorted((q for _, q in found), reverse=True)
            # The first cue of a group says most; more cues of the same group add a little.
            strength = min(2.0, qualities[0] + 0.35 * sum(qualities[1:]))
            if g.needs and not any((g.kind, partner) in hit_groups for partner in g.needs):
                strength *= g.partnerless
            scores[g.kind] += g.weight * strength
            evidence.extend(f"{owner}: {t}" for t, _ in dict.fromkeys(found))

        if "?" in text:
            scores["info"] += cfg.info_baseline + cfg.question_mark
            evidence.append("info/question: ?")
            if text.rstrip(" \t\n.!)").endswith("?"):
                scores["info"] += cfg.trailing_question
        elif not any(k in ("info", "booking", "subscription", "other") for k, _ in hit_groups):
            # A statement with nothing asked: on a municipal chat it mostly signals or protests something.
            scores["report"] += cfg.statement
            scores["complaint"] += cfg.statement
            evidence.append("report/statement")
        else:
            scores["info"] += cfg.info_baseline
        if _MASKED.search(text):
            scores["complaint"] += cfg.masked_insult
            evidence.append("complaint/masked insult")
        if _URL.search(text):
            scores["other"] += cfg.link
            evidence.append("other/link")
        if not a.words:
            scores["other"] += 3.0
            evidence.append("other/no words")
        elif len(a.content) <= 1 and max(scores.values()) < 1.0:
            scores["other"] += 1.0
            evidence.append("other/too short")

        return scores, evidence

    def classify(self, text: str) -> KindVerdict:
        cfg = self.config
        a = analyse(text)
        scores, evidence = self._rule_scores(text, a)
        logit = {k: v / cfg.temperature for k, v in scores.items()}
        if self.shipped is not None and cfg.model_weight:
            probs = self.shipped.predict(text)
            blended = {k: logit[k] + cfg.model_weight * math.log(max(probs.get(k, 0.0), 1e-6)) for k in KINDS}
            evidence.append(f"model: {max(probs, key=probs.get)} {max(probs.values()):.2f}")
            logit = self._keep_rule_booking(logit, blended, evidence)
        n = self.model.n_docs
        if n:
            lam = n / (n + cfg.ramp)
            learned = self.model.log_posterior(self._features(text, a, evidence), KINDS)
            logit = {k: logit[k] + lam * learned[k] / cfg.learned_temperature for k in KINDS}
        probs = _softmax(logit)
        kind = max(KINDS, key=lambda k: probs[k])
        return KindVerdict(
            kind, round(probs[kind], 4), {k: round(v, 4) for k, v in probs.items()}, tuple(evidence)
        )

    def _keep_rule_booking(
        self, rule_logit: dict[str, float], blended: dict[str, float], evidence: list[str]
    ) -> dict[str, float]:
        """The blend, with booking pinned to the rules' confidence where the rules are sure (see config)."""
        rules, mixed = _softmax(rule_logit), _softmax(blended)
        rule_kind = max(KINDS, key=lambda k: rules[k])
        floor = rules["booking"] >= self.config.rule_booking_floor and mixed["booking"] < rules["booking"]
        cap = rule_kind in ("report", "complaint") and mixed["booking"] > rules["booking"]
        if not (floor or cap):
            return blended
        evidence.append("booking/rules kept over the model")
        # The other kinds keep the model's say, scaled to what booking leaves them.
        scale = (1.0 - rules["booking"]) / max(1.0 - mixed["booking"], 1e-12)
        pinned = {k: rules["booking"] if k == "booking" else p * scale for k, p in mixed.items()}
        return {k: math.log(max(p, 1e-12)) for k, p in pinned.items()}

    def classify_many(self, texts: list[str]) -> list[KindVerdict]:
        """Verdicts for a batch of texts (the ingest pipeline's batches), in order."""
        return [self.classify(t) for t in texts]

    @staticmethod
    def _features(text: str, a: Analysis, evidence: list[str]) -> dict[str, float]:
        # Function words stay: "come", "quando", "vorrei" are what separates a question from a report.
        f: Counter[str] = Counter("w:" + s for s in a.stems)
        f.update("b:" + x + "_" + y for x, y in zip(a.stems, a.stems[1:]))
        f.update("e:" + e.split(":")[0] for e in evidence)
        if "?" in text:
            f["?"] += 1
        return dict(f)

    def learn(self, text: str, kind: str) -> None:
        """Record an operator's confirmed kind (e.g. a case was opened: report; an answer was sent: info)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        a = analyse(text)
        self.model.learn(self._features(text, a, self._rule_scores(text, a)[1]), kind)

    def unlearn(self, text: str, kind: str) -> None:
        a = analyse(text)
        self.model.learn(self._features(text, a, self._rule_scores(text, a)[1]), kind, sign=-1)

    def to_state(self) -> dict[str, Any]:
        """JSON-serialisable learned state (the configuration is stored with it)."""
        cfg = asdict(self.config)
        return {
            "version": STATE_VERSION,
            "config": {k: list(v) if isinstance(v, tuple) else v for k, v in cfg.items()},
            "model": self.model.to_state(),
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any], config: IntentConfig | None = None,
        shipped_model: LinearModel | None | str = "shipped",
    ) -> KindClassifier:
        """Restore learned state; `config` (e.g. extra keywords edited since) overrides the stored one."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported kind classifier state version {state.get('version')!r}")
        if config is None:
            known = IntentConfig.__dataclass_fields__
            config = IntentConfig(
                **{
                    k: tuple(v) if isinstance(v, list) else v
                    for k, v in state.get("config", {}).items()
                    if k in known
                }
            )
        clf = cls(config, shipped_model=shipped_model)
        clf.model = NaiveBayes.from_state(state["model"])
        return clf


def _softmax(logit: dict[str, float]) -> dict[str, float]:
    top = max(logit.values())
    exps = {k: math.exp(v - top) for k, v in logit.items()}
    z = sum(exps.values())
    return {k: e / z for k, e in exps.items()}


@lru_cache(maxsize=64)
def _classifier(config: IntentConfig | None) -> KindClassifier:
    return KindClassifier(config)


def classify_kind(text: str, config: IntentConfig | None = None) -> KindVerdict:
    """Classify one message; classifiers are cached per configuration."""
    return _classifier(config).classify(text)
