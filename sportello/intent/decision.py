"""Redirect decisions with an explicit abstain: True (redirect), False (not this kind), None (unsure).

A wrongly redirected question is worse than a missed redirect, so the defaults demand a high confidence,
and anything between the two thresholds abstains: the caller treats None as "do not redirect" (and may
show the operator a hint instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sportello.intent.classifier import IntentConfig, KindClassifier, KindVerdict, classify_kind
from sportello.routing.analysis import analyse
from sportello.routing.matching import KeywordIndex, Match

DEFAULT_REPORT_THRESHOLD = 0.7
DEFAULT_BOOKING_THRESHOLD = 0.6
# Below threshold - ABSTAIN_BAND the answer is a confident "no"; between the two it is "don't know".
ABSTAIN_BAND = 0.25
REPORT_KINDS = frozenset({"report", "complaint"})


def _decide(p: float, threshold: float, band: float) -> bool | None:
    if p >= threshold:
        return True
    if p < threshold - band:
        return False
    return None


def _verdict(text: str, config: IntentConfig | None, classifier: KindClassifier | None) -> KindVerdict:
    # A municipality's learned classifier when the caller has one, else the stateless rules.
    return classifier.classify(text) if classifier is not None else classify_kind(text, config)


def report_probability(verdict: KindVerdict, include_complaints: bool = True) -> float:
    return verdict.report_confidence if include_complaints else verdict.scores.get("report", 0.0)


def is_report(
    text: str,
    threshold: float = DEFAULT_REPORT_THRESHOLD,
    *,
    include_complaints: bool = True,
    config: IntentConfig | None = None,
    classifier: KindClassifier | None = None,
    band: float = ABSTAIN_BAND,
) -> bool | None:
    """Is the message a report (or complaint) rather than a question? None when unsure."""
    return _decide(
        report_probability(_verdict(text, config, classifier), include_complaints), threshold, band
    )


@lru_cache(maxsize=256)
def _topic_index(topics: tuple[str, ...]) -> KeywordIndex:
    index = KeywordIndex()
    index.add_all((t, "topic", None) for t in topics)
    return index


def topic_matches(text: str, topics: Sequence[str]) -> list[Match]:
    """Configured topic keywords found in the text ("carta d'identità", "CIE", "residenza")."""
    return _topic_index(tuple(topics)).matches(analyse(text)) if topics else []


def is_booking(
    text: str,
    threshold: float = DEFAULT_BOOKING_THRESHOLD,
    *,
    topics: Sequence[str] = (),
    config: IntentConfig | None = None,
    classifier: KindClassifier | None = None,
    band: float = ABSTAIN_BAND,
) -> bool | None:
    """Does the citizen want an appointment (about one of `topics`, if given)? None when unsure.

    With topics, a confident booking about something else is False: Livorno books many things on WhatsApp,
    only identity cards and residence go elsewhere.
    """
    decision = _decide(_verdict(text, config, classifier).scores.get("booking", 0.0), threshold, band)
    if decision is True and topics and not topic_matches(text, topics):
        return False
    return decision


@dataclass(frozen=True)
class RedirectRule:
    """A municipality's rule: messages of these kinds (and topics) go to another channel.

    Ancona: kinds={"report", "complaint"} -> its reporting app. Livorno: the same kinds -> URP e-mail, and
    kinds={"booking"} with topics=("carta d'identità", "CIE", "residenza") -> online or phone booking.
    """

    name: str
    kinds: frozenset[str]
    target: str = ""  # reply text, address or link; free for the caller
    topics: tuple[str, ...] = ()  # only when one of these appears in the message
    threshold: float | None = None  # None: the default for the kind

    def probability(self, verdict: KindVerdict) -> float:
        return sum(verdict.scores.get(k, 0.0) for k in self.kinds)

    def default_threshold(self) -> float:
        return DEFAULT_BOOKING_THRESHOLD if self.kinds == {"booking"} else DEFAULT_REPORT_THRESHOLD


@dataclass(frozen=True)
class RedirectDecision:
    redirect: bool  # act on `rule`
    rule: RedirectRule | None  # the rule applied, or the one that abstained
    abstained: bool  # some rule was unsure: do not redirect, maybe tell the operator
    verdict: KindVerdict
    probability: float = 0.0
    topics: tuple[str, ...] = field(default=())


def decide_redirect(
    text: str,
    rules: Iterable[RedirectRule],
    config: IntentConfig | None = None,
    classifier: KindClassifier | None = None,
    band: float = ABSTAIN_BAND,
) -> RedirectDecision:
    """The first rule that confidently applies, else an abstain if any rule was unsure, else no redirect."""
    verdict = _verdict(text, config, classifier)
    unsure: RedirectDecision | None = None
    for rule in rules:
        matched = tuple(m.keyword.text for m in topic_matches(text, rule.topics))
        if rule.topics and not matched:
            continue
        p = rule.probability(verdict)
        decision = _decide(
            p, rule.threshold if rule.threshold is not None else rule.default_threshold(), band
        )
        if decision is True:
            return RedirectDecision(True, rule, False, verdict, round(p, 4), matched)
        if decision is None and unsure is None:
            unsure = RedirectDecision(False, rule, True, verdict, round(p, 4), matched)
    return unsure or RedirectDecision(False, None, False, verdict)
