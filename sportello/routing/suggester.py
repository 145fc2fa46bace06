"""Department suggestions for a citizen's request: configured keywords first, operators' choices as they come.

The score of a department is a log-linear blend of
  * the keyword prior (a softmax over the departments' matched keywords), always present, and
  * a Naive Bayes model learned from operators' confirmed choices, whose weight grows with the number of
    examples (n / (n + ramp)), so learned evidence takes over as confirmations accumulate.
The blend is normalised with a softmax, so the confidences of all departments sum to one.

Confirmations also teach how far each configured keyword can be trusted here: a keyword whose messages
operators keep sending to another department hands that department a growing share of its score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sportello.learning.linear import LinearModel, shipped
from sportello.routing.analysis import analyse
from sportello.routing.catalogue import DEFAULT_CATALOGUE, FALLBACK_DEPARTMENT
from sportello.routing.features import features
from sportello.routing.matching import Match
from sportello.routing.model import NaiveBayes
from sportello.routing.prior import KeywordEvidence, KeywordPrior
from sportello.routing.profile import DepartmentProfile

STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Suggestion:
    department: str
    confidence: float
    category: str | None = None  # best-matching configured category, if any keyword matched
    keywords: tuple[str, ...] = ()  # configured keywords that matched, for the operator


@dataclass(frozen=True)
class SuggesterConfig:
    """Blend parameters; the defaults were chosen by cross-validation on the development set."""

    sharpness: float = 3.0  # how strongly keyword scores separate departments
    fallback_score: float = 0.33  # keyword score the fallback office gets when nothing else matches
    keyword_weight: float = 1.0  # weight of the keyword prior once warm
    learned_temperature: float = 8.0  # Naive Bayes is overconfident with overlapping features: soften it
    ramp: float = 40.0  # examples at which learned evidence counts half as much as it will
    calibration: float = 1.0  # final temperature once warm, so a 0.8 confidence is right ~80 % of the time
    cold_calibration: float = 0.6  # final temperature with nothing learned (keyword scores alone are timid)
    alpha: float = 0.1  # Naive Bayes smoothing
    char_weight: float = 0.2  # weight of character n-gram features relative to word features
    keyword_trust: float = 3.0  # pseudo-confirmations for a keyword's configured department
    fallback_fade: float = 0.0  # share of the fallback head start that learned evidence removes
    model_weight: float = 1.0  # weight of the shipped model's log-probabilities (a product of experts)
    model_fade: float = 0.0  # share of the shipped model's weight that a municipality's own learning removes

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


class Suggester:
    """Suggests departments for a message and learns from operators' confirmed choices."""

    def __init__(
        self,
        profiles: Sequence[DepartmentProfile] = DEFAULT_CATALOGUE,
        fallback: str | None = FALLBACK_DEPARTMENT,
        config: SuggesterConfig | None = None,
        shipped_model: LinearModel | None | str = "shipped",
    ) -> None:
        self.config = config or SuggesterConfig()
        # The model shipped with the package, trained on the project's own messages; None: keywords and
        # operators' confirmations only.
        self.shipped = shipped("routing") if shipped_model == "shipped" else shipped_model
        self.model = NaiveBayes(alpha=self.config.alpha)
        # "owner|keyword" -> confirmed department -> count, for the keywords matched in confirmed messages
        self.keyword_stats: dict[str, dict[str, int]] = {}
        self.set_profiles(profiles, fallback)

    def set_profiles(
        self, profiles: Sequence[DepartmentProfile], fallback: str | None = FALLBACK_DEPARTMENT
    ) -> None:
        """Replace the configured departments (e.g. after an administrator edits keywords); learning is kept."""
        self.profiles = list(profiles)
        codes = {p.code for p in self.profiles}
        self.fallback = fallback if fallback in codes else None
        self.prior = KeywordPrior(self.profiles, self.fallback)

    @property
    def departments(self) -> list[str]:
        # Departments known from configuration, plus any an operator has chosen that has no profile yet.
        seen = [p.code for p in self.profiles]
        return seen + [c for c in self.model.classes if c not in seen]

    @property
    def n_learned(self) -> int:
        return self.model.n_docs

    def _shares(self, m: Match) -> dict[str, float]:
        stats = self.keyword_stats.get(_kw_key(m))
        owner = m.keyword.owner
        if not stats:
            return {owner: 1.0}
        trust = self.config.keyword_trust
        total = sum(stats.values()) + trust
        out = {d: c / total for d, c in stats.items() if d != owner}
        out[owner] = (stats.get(owner, 0) + trust) / total
        return out

    def _features(self, text: str) -> tuple[KeywordEvidence, Callable[[], dict[str, float]]]:
        """The keyword evidence, and the learned model's features on demand: a town that has learned nothing yet
        (most of them, and every new one) never needs them."""
        a = analyse(text)
        ev = self.prior.evidence(a, self._shares)

        def feats() -> dict[str, float]:
            return features(a, [m for ms in ev.matches.values() for m in ms], self.config.char_weight)

        return ev, feats

    def scores(self, text: str) -> dict[str, float]:
        """Confidence for every department; they sum to one."""
        return self._scores(*self._features(text), text=text)

    def _shipped_logits(self, text: str, depts: list[str]) -> dict[str, float] | None:
        """log p per department from the shipped model; departments it does not know get the average share."""
        if self.shipped is None or not text:
            return None
        probs = self.shipped.predict(text)
        known = [d for d in depts if d in probs]
        if len(known) * 2 < len(depts):
            return None  # a municipality organised differently: its own departments, not the catalogue's
        mass = sum(probs[d] for d in known) or 1.0
        other = 1.0 / len(probs)
        return {d: math.log(max(probs[d] / mass if d in probs else other, 1e-6)) for d in depts}

    def _scores(self, ev: KeywordEvidence, feats: Callable[[], dict[str, float]], text: str = "") -> dict[str, float]:
        cfg = self.config
        depts = self.departments
        n = self.model.n_docs
        lam = n / (n + cfg.ramp) if n else 0.0
        # Greetings, thanks and unclear text match no keyword; the fallback office's small head start handles
        # them and is easily overruled by any keyword or by confident learned evidence.
        kw = self.prior.distribution(
            ev, cfg.sharpness, cfg.fallback_score * (1.0 - cfg.fallback_fade * lam), depts
        )
        logit = {d: cfg.keyword_weight * math.log(max(kw.get(d, 0.0), 1e-9)) for d in depts}
        shipped_logits = self._shipped_logits(text, depts)
        if shipped_logits is not None:
            weight = cfg.model_weight * (1.0 - cfg.model_fade * lam)
            for d in depts:
                logit[d] += weight * shipped_logits[d]
        if n:
            # Departments no operator has chosen yet are scored too: their word distribution is the uniform
            # smoothed one, so they neither win nor vanish by default.
            learned = self.model.log_posterior(feats(), depts)
            for d in depts:
                logit[d] += lam * learned[d] / cfg.learned_temperature
        temperature = cfg.cold_calibration + lam * (cfg.calibration - cfg.cold_calibration)
        top = max(logit.values())
        exps = {d: math.exp((v - top) / temperature) for d, v in logit.items()}
        z = sum(exps.values())
        return {d: e / z for d, e in exps.items()}

    def suggest(self, text: str, k: int = 3) -> list[Suggestion]:
        ev, feats = self._features(text)
        conf = self._scores(ev, feats, text=text)
        ranked = sorted(conf, key=lambda d: (-conf[d], d))[:k]
        out = []
        for d in ranked:
            ms = sorted(ev.matches.get(d, []), key=lambda m: -m.score)
            category = next((m.keyword.label for m in ms if m.keyword.label), None)
            out.append(
                Suggestion(d, round(conf[d], 4), category, tuple(dict.fromkeys(m.keyword.text for m in ms)))
            )
        return out

    def suggest_many(self, texts: list[str], k: int = 3) -> list[list[Suggestion]]:
        """Suggestions for a batch of texts (the ingest pipeline's batches), in order."""
        return [self.suggest(t, k) for t in texts]

    def learn(self, text: str, department: str) -> None:
        """Record an operator's confirmed choice."""
        self._learn(text, department, +1)

    def unlearn(self, text: str, department: str) -> None:
        """Withdraw a choice learned earlier (the operator corrected it); exact inverse of `learn`."""
        self._learn(text, department, -1)

    def _learn(self, text: str, department: str, sign: int) -> None:
        ev, feats = self._features(text)
        self.model.learn(feats(), department, sign=sign)
        for key in {_kw_key(m) for ms in ev.matches.values() for m in ms}:
            row = self.keyword_stats.setdefault(key, {})
            row[department] = row.get(department, 0) + sign
            if row[department] <= 0:
                del row[department]
            if not row:
                del self.keyword_stats[key]

    def forget(self, department: str) -> None:
        """Drop what was learned for a department (it was deleted or merged into another)."""
        self.model.forget(department)
        for key in list(self.keyword_stats):
            self.keyword_stats[key].pop(department, None)
            if not self.keyword_stats[key]:
                del self.keyword_stats[key]

    def to_state(self) -> dict[str, Any]:
        """JSON-serialisable learned state. Profiles are not included: they live in the configuration."""
        return {
            "version": STATE_VERSION,
            "config": self.config.to_dict(),
            "model": self.model.to_state(),
            "keywords": {k: dict(v) for k, v in self.keyword_stats.items()},
        }

    @classmethod
    def from_state(
        cls,
        state: dict[str, Any],
        profiles: Sequence[DepartmentProfile] = DEFAULT_CATALOGUE,
        fallback: str | None = FALLBACK_DEPARTMENT,
        config: SuggesterConfig | None = None,
        shipped_model: LinearModel | None | str = "shipped",
    ) -> Suggester:
        """Restore learned state; `config` overrides the stored blend parameters (unknown ones are ignored)."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported suggester state version {state.get('version')!r}")
        if config is None:
            known = SuggesterConfig.__dataclass_fields__
            config = SuggesterConfig(**{k: v for k, v in state.get("config", {}).items() if k in known})
        s = cls(profiles, fallback, config, shipped_model)
        s.model = NaiveBayes.from_state(state["model"])
        s.keyword_stats = {k: {d: int(c) for d, c in v.items()} for k, v in state.get("keywords", {}).items()}
        return s


def _kw_key(m: Match) -> str:
    return f"{m.keyword.owner}|{m.keyword.text}"
