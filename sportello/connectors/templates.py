"""Pre-approved message templates, channel-neutral: what the campaign composer and the conversation composer use.

    approved_templates(municipality, channel=None) -> list[TemplateChoice]
    parameters_form(template_id, data=None, prefix="tpl") -> forms.Form   (one field per {{n}}, media header)
    render_preview(template_id, params) -> str                            (the text as the citizen reads it)

A channel whose templates need the channel's approval (WhatsApp) keeps its own registry and implements
`KeepsTemplates` on its connector; this module asks every such connector and never names a channel itself.
A `TemplateChoice.id` is the registry row of one account's template (for WhatsApp, `MessageTemplate.pk`): the same
name and language approved on several accounts of the municipality is one choice, listed with all their ids in
`account_ids`, so a campaign sends it by name and language on each of them.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from sportello.municipalities.models import Municipality

log = logging.getLogger("sportello.templates")
PARAMETER = re.compile(r"\{\{(\d+)\}\}")
MEDIA_HEADERS = ("image", "document", "video")


@dataclass
class TemplateChoice:
    """One approved template as staff pick it (see the module's docstring for `id` and `account_ids`)."""

    id: int
    name: str  # as registered with the channel
    language: str  # e.g. "it", "en_US"
    category: str  # the channel's category code ("utility", "marketing", "authentication")
    category_label: str  # what staff read ("Servizio", "Promozionale"…)
    body: str  # with {{1}}, {{2}}, … where the parameters go
    header_kind: str  # "" (none), "text", "image", "document" or "video"
    parameter_count: int
    account_ids: list[int]
    channel: str
    header_text: str = ""  # the header's words when header_kind is "text"
    footer: str = ""
    buttons: list[str] = field(default_factory=list)  # the buttons' words, as the citizen sees them

    @property
    def parameter_numbers(self) -> list[int]:
        return list(range(1, self.parameter_count + 1))

    @property
    def has_media_header(self) -> bool:
        return self.header_kind in MEDIA_HEADERS

    def render(self, parameters: Sequence[str]) -> str:
        """The body with its {{n}} filled (a missing value stays as {{n}})."""
        return fill(self.body, parameters)


@runtime_checkable
class KeepsTemplates(Protocol):
    """Optional beside `Connector`: a channel that keeps a registry of approved templates (WhatsApp)."""

    def template_choices(self, municipality: "Municipality") -> list[TemplateChoice]:
        """The municipality's approved templates on this channel, one per name and language."""
        ...

    def template_choice(self, template_id: int) -> TemplateChoice | None:
        """One registry row as a choice (whatever its status: a campaign may name one that was since paused)."""
        ...


def fill(text: str, parameters: Sequence[str]) -> str:
    return PARAMETER.sub(
        lambda m: str(parameters[int(m.group(1)) - 1]) if int(m.group(1)) <= len(parameters) else m.group(0), text
    )


def parameter_count(text: str) -> int:
    return max((int(n) for n in PARAMETER.findall(text)), default=0)


def _registries(channel: str | None = None) -> list[tuple[str, KeepsTemplates]]:
    from sportello.connectors.registry import CONNECTORS, get_connector

    found = []
    for kind in CONNECTORS:
        if channel is not None and kind != channel:
            continue
        try:
            connector = get_connector(kind)
        except (LookupError, ImportError):  # a channel whose package is not installed here
            continue
        if isinstance(connector, KeepsTemplates):
            found.append((kind, connector))
    return found


def approved_templates(municipality: "Municipality", channel: str | None = None) -> list[TemplateChoice]:
    """The approved templates staff may pick for this municipality (on one channel, or on every channel)."""
    choices: list[TemplateChoice] = []
    for _kind, registry in _registries(channel):
        choices.extend(registry.template_choices(municipality))
    return sorted(choices, key=lambda c: (c.channel, c.name, c.language))


def get_template(template_id: int | str) -> TemplateChoice:
    """The choice for a registry id; LookupError if no channel knows it."""
    try:
        pk = int(template_id)
    except (TypeError, ValueError) as exc:
        raise LookupError(f"no template {template_id!r}") from exc
    for _kind, registry in _registries():
        choice = registry.template_choice(pk)
        if choice is not None:
            return choice
    raise LookupError(f"no template {template_id!r}")


class TemplateParametersForm(forms.Form):
    """The values of one template's {{n}} (fields p1, p2, …) and, for a media header, its link or file."""

    def __init__(self, template: TemplateChoice, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.template = template
        for n in template.parameter_numbers:
            self.fields[f"p{n}"] = forms.CharField(
                label=_("Parametro {{%(n)s}}") % {"n": n},
                help_text=template.body,
                max_length=1024,  # Meta's limit on one text parameter
                strip=True,
            )
        if template.has_media_header:
            self.fields["header_url"] = forms.URLField(
                label=_("Indirizzo dell'allegato dell'intestazione"), required=False, assume_scheme="https",
                help_text=_("Un indirizzo https pubblico dell'immagine, del documento o del video."),
            )
            self.fields["header_file"] = forms.FileField(
                label=_("Oppure un file da allegare"), required=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.template.has_media_header and not (cleaned.get("header_url") or cleaned.get("header_file")):
            raise forms.ValidationError(_("Questo modello ha un'intestazione con un allegato: indicare un indirizzo o un file."))
        return cleaned

    def parameters(self) -> list[str]:
        """The values in order ({{1}} first); call after is_valid()."""
        return [self.cleaned_data[f"p{n}"] for n in self.template.parameter_numbers]

    def header_media(self) -> dict[str, Any] | None:
        """{"kind", "url"} or {"kind", "file"} for a media header; None otherwise. Call after is_valid()."""
        if not self.template.has_media_header:
            return None
        upload = self.cleaned_data.get("header_file")
        if upload:
            return {"kind": self.template.header_kind, "file": upload}
        return {"kind": self.template.header_kind, "url": self.cleaned_data.get("header_url", "")}


def parameters_form(
    template_id: int | str, data: Any = None, prefix: str = "tpl", files: Any = None
) -> TemplateParametersForm:
    """The form asking for one template's parameters (LookupError for an unknown template)."""
    return TemplateParametersForm(get_template(template_id), data=data, files=files, prefix=prefix)


def render_preview(template_id: int | str, params: Sequence[str]) -> str:
    """The words the citizen will read: the text header, the body with its parameters, the footer."""
    template = get_template(template_id)
    parts = [template.header_text if template.header_kind == "text" else "", template.render(params), template.footer]
    return "\n\n".join(part for part in parts if part)


def sync_loop(stop: threading.Event, check_every: float = 60.0) -> None:
    """The worker's template sync: every minute, each channel with a registry syncs the accounts that are due
    (WhatsApp: once a day, sooner after a failure) through its optional `sync_templates_due()`."""
    from django.db import close_old_connections

    while not stop.wait(check_every):
        close_old_connections()
        for kind, registry in _registries():
            method = getattr(registry, "sync_templates_due", None)
            if method is None:
                continue
            try:
                method()
            except Exception:  # noqa: BLE001 - a broken database must not kill the worker; it checks again later
                log.exception("template sync of %s", kind)
