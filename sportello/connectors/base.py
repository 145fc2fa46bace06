"""The one typed interface every channel adapter implements, and the channel-neutral shapes it produces.

A connector parses what its channel sends into InboundMessage / StatusUpdate / OtherUpdate, finds the account an
update belongs to, says whether a message may go now (`check_send`), sends one message (`send`) or a campaign's
batch (`send_many`), marks messages read, and fetches media. The inbound pipeline, the outbox and the campaign
sender only ever talk to this interface: nothing outside `sportello/connectors/<kind>/` knows the channel.
See docs/channels.md for how to add a channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

from sportello.citizens.identity import SenderIdentity

if TYPE_CHECKING:  # models import this module's shapes; the protocol only needs their names
    from sportello.citizens.models import Citizen
    from sportello.conversations.models import Message
    from sportello.municipalities.models import ChannelAccount


class MessageKind:
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"
    REACTION = "reaction"
    INTERACTIVE = "interactive"  # button, list or flow reply
    BUTTON = "button"  # template quick-reply
    ORDER = "order"
    SYSTEM = "system"
    EDIT = "edit"
    REVOKE = "revoke"
    TEMPLATE = "template"  # outbound only
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"  # a type this version of Sportello does not know yet

    MEDIA = (IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER)


@dataclass
class MediaRef:
    kind: str
    media_id: str
    mime_type: str = ""
    sha256: str = ""
    filename: str = ""
    caption: str = ""
    voice: bool = False
    animated: bool = False
    url: str = ""


@dataclass
class ReplyContext:
    external_id: str = ""  # the message this one replies to
    forwarded: bool = False
    frequently_forwarded: bool = False
    referred_product: dict[str, Any] | None = None


@dataclass
class InboundMessage:
    channel: str
    account_ref: str  # which of our accounts received it (WhatsApp: phone_number_id)
    external_id: str
    sender: SenderIdentity
    sent_at: datetime
    kind: str
    text: str = ""  # body or caption: what full-text search and screening read
    payload: dict[str, Any] = field(default_factory=dict)  # type-specific, normalised
    media: list[MediaRef] = field(default_factory=list)
    context: ReplyContext = field(default_factory=ReplyContext)
    referral: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    original_type: str = ""  # the channel's own type name, kept for unknown types


@dataclass
class StatusUpdate:
    channel: str
    account_ref: str
    external_id: str
    status: str  # sent, delivered, read, played, failed
    at: datetime
    recipient: SenderIdentity
    errors: list[dict[str, Any]] = field(default_factory=list)
    callback_data: str = ""
    pricing: dict[str, Any] | None = None
    # The first error, as the connector explains it to an operator (set by the channel's parser).
    error_code: int | None = None
    error_title: str = ""


@dataclass
class OtherUpdate:
    """Something the channel told us that is not a message or a status (template review, account update…)."""

    channel: str
    account_ref: str
    field: str
    value: dict[str, Any]


@dataclass
class ParsedBatch:
    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    others: list[OtherUpdate] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # parts we could not understand (stored, flagged)


def unix_time(raw: Any) -> datetime:
    """A channel's unix timestamp (seconds, as int or string); a missing or absurd one reads as now."""
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(tz=timezone.utc)


class UnparseableBody(ValueError):
    """A stored body that the channel's parser cannot read at all: the event is flagged for an administrator."""


class TransportError(Exception):
    """A send or fetch that failed. `permanent` decides between retrying later and giving up."""

    def __init__(self, message: str, *, code: int | None = None, permanent: bool = False, title: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.permanent = permanent
        self.title = title  # what an operator reads (the connector explains its own errors)


@dataclass
class SendResult:
    external_id: str
    # How far the send got by itself: "accepted" where the channel reports later statuses (WhatsApp), "sent"
    # where the answer is all there will be (Telegram, e-mail handed to the SMTP server).
    status: str = "accepted"


@dataclass
class MediaBlob:
    content: bytes
    mime_type: str
    sha256: str = ""  # as declared by the channel, if any


@dataclass(frozen=True)
class SendCheck:
    """May this message go now? If not, why (for the operator) and what can go instead.

    `code` is a stable machine word the API and the console react to (`window_closed`, `no_recipient`,
    `not_deliverable`, `too_long`); `instead` names the kinds that would be accepted now (e.g. ["template"]).
    """

    allowed: bool
    code: str = ""
    reason: str = ""
    instead: tuple[str, ...] = ()
    closes_at: datetime | None = None  # when the free-form window closes (channels that have one)

    @classmethod
    def ok(cls, closes_at: datetime | None = None) -> "SendCheck":
        return cls(True, closes_at=closes_at)


_TEMPLATE_PARAMETER = re.compile(r"\{\{(\d+)\}\}")


@dataclass(frozen=True)
class TemplateOption:
    """A pre-approved message a channel accepts when free-form text may not go (WhatsApp's templates).

    Channel-neutral on purpose: the console lists these, asks for the {{1}}, {{2}}… values and queues the choice
    with `conversations.outbound.queue_template(name, language, parameters)`; the connector builds the body.
    """

    key: str  # stable, what the composer posts back (the channel's own row id)
    name: str  # as registered with the channel
    language: str
    body: str  # with {{1}}, {{2}}, … where the parameters go
    category: str = ""  # what staff read ("Servizio", "Promozionale"…)

    @property
    def parameter_count(self) -> int:
        return max((int(n) for n in _TEMPLATE_PARAMETER.findall(self.body)), default=0)

    @property
    def parameter_numbers(self) -> list[int]:
        return list(range(1, self.parameter_count + 1))

    def render(self, parameters: Sequence[str]) -> str:
        """The text the citizen reads, for our own record of the sent message."""
        return _TEMPLATE_PARAMETER.sub(
            lambda m: parameters[int(m.group(1)) - 1] if int(m.group(1)) <= len(parameters) else m.group(0), self.body
        )


@dataclass(frozen=True)
class Choice:
    """One answer of a choice question; its `id` comes back as the reply's `payload["id"]` on every channel."""

    id: str  # at most 64 bytes (Telegram's callback_data)
    title: str  # at most 24 characters (WhatsApp's list rows; 20 for reply buttons)
    description: str = ""  # at most 72 characters, shown where the channel can


def choice_question(text: str, choices: Sequence[Choice], *, button: str, header: str = "") -> dict[str, Any]:
    """The channel-neutral payload of a "choice question" (`MessageKind.INTERACTIVE`): up to three choices as reply
    buttons, more (up to ten) as a list. Connectors that render choices read this one shape (WhatsApp natively,
    Telegram as an inline keyboard); the others refuse INTERACTIVE in `check_send` and callers send a link instead.
    """
    if not 1 <= len(choices) <= 10:
        raise ValueError("a choice question has 1 to 10 choices")
    interactive: dict[str, Any] = {"body": {"text": text}}
    if header:
        interactive["header"] = {"type": "text", "text": header[:60]}
    if len(choices) <= 3:
        interactive["type"] = "button"
        interactive["action"] = {"buttons": [
            {"type": "reply", "reply": {"id": c.id, "title": c.title[:20]}} for c in choices
        ]}
    else:
        rows = [{"id": c.id, "title": c.title[:24], **({"description": c.description[:72]} if c.description else {})}
                for c in choices]
        interactive["type"] = "list"
        interactive["action"] = {"button": button[:20], "sections": [{"title": header[:24] or button[:24], "rows": rows}]}
    return {"interactive": interactive}


def offers_choice_taps(connector: "Connector") -> bool:
    """Does the channel show a choice question as something to tap (WhatsApp lists and buttons, Telegram inline
    keyboards), rather than as words to write back (e-mail)? A connector says so with `choice_taps = True`."""
    return bool(getattr(connector, "choice_taps", False))


@runtime_checkable
class ProposesTemplates(Protocol):
    """Optional beside `Connector`: channels whose templates need the channel's approval (WhatsApp) let a preset
    propose one; it becomes usable (listed by `templates`) only once the channel approves it."""

    def propose_template(self, account: "ChannelAccount", option: TemplateOption) -> None:
        ...


@dataclass
class CampaignItem:
    """One recipient's copy of a campaign, as the campaign sender hands it to `send_many`.

    `content` is channel-neutral and shared by every item of a campaign: {"key" (stable, e.g. "campaign-12": what a
    connector caches uploads under), "text", "link", "title", "media": (filename, bytes, mime) | None,
    "media_kind": "image" | "document" | "", "template": {"name", "language", "parameters": [...], "header"} | None}.
    The connector builds its own body. `mode` is the form the sender asks for: "free", which the connector may turn
    into "template" where its channel allows only that now (WhatsApp's closed window), or "template" (forced, e.g.
    after the channel refused the free form). `due` is the unix time of the send slot the sender reserved on the
    account's shared rate ledger: a connector sends the item no earlier (0: now).
    """

    delivery_id: int
    attempt: int
    citizen: "Citizen"
    mode: str  # "free" or "template"
    content: dict[str, Any]
    callback_data: str = ""
    due: float = 0.0


@dataclass
class CampaignOutcome:
    """What happened to one CampaignItem.

    `state`: "accepted" (with the channel's id), "retry" (transient: later, after `retry_after` seconds if the
    channel says, else the sender's backoff), "failed" (permanent, never retried), "in_doubt" (the request may
    have arrived: the sender's reconciliation decides), or "deferred" (not sent: the account's own limit, e.g.
    WhatsApp's messaging tier, is used up; sent again at `retry_at`, the attempt does not count).
    `mode` is the form actually used ("free" or "template"); a "retry" with mode "template" means: send it again
    as the template. `error_title` is already explained for an operator (Italian).
    """

    delivery_id: int
    state: str  # "accepted", "retry", "failed", "in_doubt", "deferred"
    external_id: str = ""
    error_code: int | None = None
    error_title: str = ""
    mode: str = ""
    retry_after: float | None = None
    retry_at: datetime | None = None


@dataclass
class CampaignCapacity:
    """What one account can deliver of a campaign now, for the preview (see `campaign_capacity_of`)."""

    recipients: int
    free: int  # get the free-form message
    need_template: int  # get the template instead (WhatsApp: the 24-hour window is closed)
    limit: int | None = None  # the account's own daily limit on templates; None: none
    remaining: int | None = None
    fit_now: int = 0
    wait: int = 0  # wait for the limit to free up

    @classmethod
    def unlimited(cls, recipients: int) -> "CampaignCapacity":
        return cls(recipients, recipients, 0, fit_now=recipients)


@runtime_checkable
class Connector(Protocol):
    """What a channel offers. Every method takes the channel-neutral `ChannelAccount`; the connector reaches its
    own account model (secrets, addresses) through it."""

    channel: str
    label: str  # what staff read: "WhatsApp", "E-mail", "Telegram"…
    # Sends per second one account may make (the campaign sender paces itself by it); None: no limit known.
    default_rate: float | None

    def configure_from_env(self) -> "ChannelAccount | None":
        """Single-municipality installs: create or update this channel's account from its variables, if set."""
        ...

    def parse(self, body: bytes) -> ParsedBatch:
        """Read one stored inbound body; raise UnparseableBody if it cannot be read at all."""
        ...

    def account_for(self, account_ref: str) -> "ChannelAccount | None":
        """The account an update was addressed to (WhatsApp: phone_number_id; e-mail: the mailbox…)."""
        ...

    def check_send(self, account: "ChannelAccount", citizen: "Citizen", kind: str) -> SendCheck:
        """May a message of `kind` go to this citizen now (24-hour window, a known recipient…)."""
        ...

    def send(self, account: "ChannelAccount", message: "Message") -> SendResult:
        """Deliver one recorded outbound message; raise TransportError on failure."""
        ...

    def send_many(
        self, account: "ChannelAccount", items: Sequence[CampaignItem], *, rate: float | None = None
    ) -> list[CampaignOutcome]:
        """The campaign path: deliver many copies at most `rate` per second, none before its `due` slot; one
        outcome per item. Called from a sending thread of the campaign sender; may read the database."""
        ...

    def mark_read(self, account: "ChannelAccount", message: "Message") -> None:
        """Tell the citizen's app we read up to this inbound message (no-op where the channel has no receipts)."""
        ...

    def fetch_media(self, account: "ChannelAccount", media_id: str, kind: str = "document") -> MediaBlob:
        """Download an inbound attachment the channel holds for us."""
        ...


@runtime_checkable
class OffersTemplates(Protocol):
    """Optional beside `Connector`: channels with pre-approved messages (WhatsApp's templates) also offer these.

    A connector without templates simply leaves `templates` out; callers go through `templates_of()`.
    """

    def templates(self, account: "ChannelAccount") -> list[TemplateOption]:
        """What may go instead when `check_send` answers `instead=("template",)`: the account's usable templates."""
        ...


def templates_of(connector: Connector, account: "ChannelAccount") -> list[TemplateOption]:
    """The account's usable templates, or [] for a connector that offers none."""
    return list(connector.templates(account)) if isinstance(connector, OffersTemplates) else []


# -- the campaign path's optional parts: a connector without them gets the neutral answer ------------------------
def campaign_rate(connector: Connector, account: "ChannelAccount") -> float | None:
    """Sends per second this account may make: the connector's `rate_for(account)` if it has one (WhatsApp: the
    number's throughput), else its `default_rate`."""
    method = getattr(connector, "rate_for", None)
    return method(account) if method is not None else connector.default_rate


def campaign_capacity_of(
    connector: Connector, account: "ChannelAccount", citizens: Any, now: datetime
) -> CampaignCapacity:
    """How many of `citizens` (a queryset of Citizen) get the free form, the template, now or later: the
    connector's `campaign_capacity(account, citizens, now)` if it has one, else everybody the free form now."""
    method = getattr(connector, "campaign_capacity", None)
    if method is not None:
        return method(account, citizens, now)
    return CampaignCapacity.unlimited(citizens.count())


def requires_template(connector: Connector, error_code: int | None) -> bool:
    """Does a failure with this code mean "only a template may go now" (a free-form copy is then resent as the
    template)? Connectors list such codes in `template_required_codes` (WhatsApp: 131047)."""
    return error_code is not None and error_code in getattr(connector, "template_required_codes", ())


def apply_other(connector: Connector, update: OtherUpdate) -> bool:
    """Let the channel act on an update that is neither a message nor a status (WhatsApp: template reviews update
    its template registry) through its optional `apply_update(update) -> bool`; False where nothing applied it."""
    method = getattr(connector, "apply_update", None)
    return bool(method(update)) if method is not None else False
