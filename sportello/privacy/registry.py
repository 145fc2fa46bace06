"""The personal-data registry: each app declares, in its own `personal_data.py`, which models hold personal data,
how they reach the data subject, what erasure does to them and why they are kept.

    from sportello.privacy.registry import register

    register(Message, subject="conversation__citizen", fields=["text", "payload"], kind="messages",
             on_erase="delete", legal_basis=PUBLIC_TASK, purpose="Rispondere alle richieste dei cittadini")

Export, erasure, the retention purge and the record of processing activities all read this one list, so a table
cannot be forgotten by one of them; `tests/privacy/test_registry.py` fails when a model that looks personal is not
declared here (or explicitly allowed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

DELETE = "delete"
ANONYMISE = "anonymise"
KEEP_WITHOUT_IDENTITY = "keep_record_without_identity"
ON_ERASE = (DELETE, ANONYMISE, KEEP_WITHOUT_IDENTITY)

# Data kinds: the retention settings and the record of processing activities are organised by these.
KINDS = (
    "identity", "messages", "media", "raw_webhooks", "deliveries", "audit", "survey", "cases", "consent",
    "subscriptions", "moderation", "operational",
)

# Legal bases (GDPR art. 6), as the record of processing activities names them.
PUBLIC_TASK = "art. 6(1)(e) GDPR: compito di interesse pubblico (D.Lgs. 165/2001 art. 11, L. 150/2000 art. 8)"
CONSENT = "art. 6(1)(a) GDPR: consenso dell'interessato"
LEGAL_OBLIGATION = "art. 6(1)(c) GDPR: obbligo legale (conservazione degli atti, D.P.R. 445/2000)"
SECURITY = "art. 6(1)(e) e art. 32 GDPR: sicurezza del trattamento e tutela del servizio"

# Who is the data subject of a row without a path to the citizen: (model, subject citizens) -> queryset.
Finder = Callable[[type[models.Model], list[Any]], models.QuerySet]
# A custom eraser: (queryset of the subject's rows, erasure context) -> how many rows it changed.
Eraser = Callable[[models.QuerySet, Any], int]


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    subject: str | None  # lookup from the model to citizens.Citizen ("" is the Citizen itself); None: `finder`
    fields: tuple[str, ...]
    on_erase: str
    kind: str
    legal_basis: str
    purpose: str
    files: tuple[str, ...] = ()  # FileFields whose files erasure and purge remove from storage
    anonymise: dict[str, Any] = field(default_factory=dict)  # field -> value written on erasure
    finder: Finder | None = None
    eraser: Eraser | None = None
    export: bool = True  # False for copies (raw bodies) and staff-side logs; `why_not_exported` says why
    why_not_exported: str = ""
    recipients: tuple[str, ...] = ()  # processors/recipients beyond the municipality (RoPA)

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows_of(self, citizens: list[Any]) -> models.QuerySet:
        """The rows of this model about these citizen records (one data subject, possibly linked records)."""
        if self.finder is not None:
            return self.finder(self.model, citizens)
        ids = [getattr(c, "pk", c) for c in citizens]
        lookup = "pk__in" if self.subject == "" else f"{self.subject}__in"
        # The base manager is never tenant-scoped: the caller has already checked the municipality.
        return self.model._base_manager.filter(**{lookup: ids})


_registry: dict[str, Declaration] = {}


def register(
    model: type[models.Model],
    *,
    subject: str | None,
    fields: Iterable[str],
    on_erase: str,
    kind: str,
    legal_basis: str,
    purpose: str,
    **options: Any,
) -> Declaration:
    if on_erase not in ON_ERASE:
        raise ValueError(f"{model._meta.label}: on_erase must be one of {ON_ERASE}")
    if kind not in KINDS:
        raise ValueError(f"{model._meta.label}: kind {kind!r} is not one of {KINDS}")
    if subject is None and options.get("finder") is None:
        raise ValueError(f"{model._meta.label}: a declaration needs a subject path or a finder")
    if on_erase == ANONYMISE and not options.get("anonymise") and options.get("eraser") is None:
        raise ValueError(f"{model._meta.label}: anonymise needs the replacement values or an eraser")
    known = {f.name for f in model._meta.get_fields()}
    unknown = [name for name in [*fields, *options.get("files", ()), *options.get("anonymise", {})] if name not in known]
    if unknown:
        raise ValueError(f"{model._meta.label}: no such fields {unknown}")
    declaration = Declaration(
        model=model, subject=subject, fields=tuple(fields), on_erase=on_erase, kind=kind, legal_basis=legal_basis,
        purpose=purpose, files=tuple(options.pop("files", ())), **options,
    )
    _registry[declaration.label] = declaration
    return declaration


def declarations() -> list[Declaration]:
    return list(_registry.values())


def declaration_for(model: type[models.Model]) -> Declaration | None:
    return _registry.get(model._meta.label)


# Models that look personal to the registry test but are not, each with the reason (reviewed, not a shrug).
NOT_PERSONAL: dict[str, str] = {
    "console.ConsoleEvent": "ids only (conversation, message), pruned after SPORTELLO_EVENTS_KEEP_MINUTES",
    "privacy.PurgeRun": "counts per data kind, no row of any citizen",
    "whatsapp.WhatsAppNumber": "the channel's credentials (encrypted), no citizen's data",
    "telegram.TelegramBot": "the channel's credentials (encrypted), no citizen's data",
    "email.Mailbox": "the mailbox's credentials (encrypted), no citizen's data",
}
