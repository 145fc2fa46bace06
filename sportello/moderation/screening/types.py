"""The screening vocabulary: categories, the sender's context, evidence and verdicts.

Plain frozen dataclasses so verdicts can be stored as JSON on the message and shown to an operator as they are.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Category(StrEnum):
    """The code of conduct's rules (Cagliari and Livorno publish the same list)."""

    VULGAR = "vulgar"
    THREAT = "threat"
    DEFAMATION = "defamation"
    THIRD_PARTY_PII = "third_party_pii"
    HATE = "hate"
    SPAM_LINK = "spam_link"
    PROMOTION = "promotion"
    COPYRIGHT = "copyright"
    FUNDRAISING = "fundraising"
    ILLEGAL = "illegal"


# Public-administration domains a citizen may legitimately quote. Patterns are matched label by label from the
# right: "*" stands for exactly one label, and every pattern also covers sub-domains (servizi.inps.it is INPS), so
# "*.gov.it" and "gov.it" mean the same.
DEFAULT_ALLOWED_DOMAINS: tuple[str, ...] = (
    "*.gov.it",
    "comune.*.it",
    "comune.*.*.it",  # comune.sanminiato.pi.it: many municipalities add the province
    "regione.*.it",
    "provincia.*.it",
    "cittametropolitana.*.it",
    "pagopa.gov.it",
    "pagopa.it",
    "checkout.pagopa.it",
    "io.italia.it",
    "italia.it",
    "anpr.interno.it",
    "anagrafenazionale.interno.it",
    "interno.it",
    "agenziaentrate.gov.it",
    "agenziaentrate.it",
    "inps.it",
    "inail.it",
    "istruzione.it",
    "*.edu.it",
    "normattiva.it",
    "gazzettaufficiale.it",
    "ilportaledellautomobilista.it",
    "aci.it",
    "poste.it",
    "europa.eu",
)


@dataclass(frozen=True)
class ScreenContext:
    """What the screen knows about the sender and the municipality.

    `sender_phone` is the number the message came from (E.164). `sender_fiscal_code` and `sender_name` are the
    citizen's own data when the platform knows them. `allowed_domains` should be the municipality's own domains plus
    DEFAULT_ALLOWED_DOMAINS (see `for_municipality`). `official_ibans` and `official_accounts` (e-mail addresses,
    PayPal ids) are the municipality's treasury and official donation channels: quoting them is never a violation.
    """

    sender_phone: str | None = None
    sender_fiscal_code: str | None = None
    sender_name: str | None = None
    allowed_domains: tuple[str, ...] = DEFAULT_ALLOWED_DOMAINS
    official_ibans: tuple[str, ...] = ()
    official_accounts: tuple[str, ...] = ()
    default_region: str = "IT"

    @classmethod
    def for_municipality(
        cls,
        own_domains: tuple[str, ...] | list[str] = (),
        *,
        official_ibans: tuple[str, ...] | list[str] = (),
        official_accounts: tuple[str, ...] | list[str] = (),
        sender_phone: str | None = None,
        sender_fiscal_code: str | None = None,
        sender_name: str | None = None,
    ) -> ScreenContext:
        return cls(
            sender_phone=sender_phone,
            sender_fiscal_code=sender_fiscal_code,
            sender_name=sender_name,
            allowed_domains=tuple(own_domains) + DEFAULT_ALLOWED_DOMAINS,
            official_ibans=tuple(official_ibans),
            official_accounts=tuple(official_accounts),
        )


@dataclass(frozen=True)
class Evidence:
    """One reason behind a score, pointing at the span of the screened text it came from.

    `finder` names the mechanism ("lexicon:vulgar/cazzo", "pii:phone", "link:shortener"); `text` is the text as the
    citizen wrote it (text[span[0]:span[1]]); `normalized` is what the finder saw after unmasking ("c***o" ->
    "cazzo"); `detail` says how it was unmasked or why it was judged so.
    """

    finder: str
    span: tuple[int, int]
    text: str
    normalized: str
    weight: float
    detail: str = ""


@dataclass(frozen=True)
class CategoryVerdict:
    category: Category
    score: float
    flagged: bool
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    """The screen's answer. `categories` lists every category with evidence, highest score first.

    `cleared` keeps the findings a safe context set aside (the sender's own phone, a place name, a quoted SMS), so an
    operator reviewing the message can see why it was not flagged.
    """

    flagged: bool
    categories: list[CategoryVerdict] = field(default_factory=list)
    cleared: list[Evidence] = field(default_factory=list)

    @property
    def flagged_categories(self) -> list[Category]:
        return [c.category for c in self.categories if c.flagged]

    def get(self, category: Category | str) -> CategoryVerdict | None:
        return next((c for c in self.categories if c.category == category), None)

    def to_dict(self) -> dict:
        return asdict(self)
