"""Labels on conversations: the fixed palette and the audited operations that views call.

Colours come from a fixed palette whose pairs (background, text) pass WCAG AA contrast; the template draws them
with a CSS class (`label-chip--<key>`), never an inline style (strict CSP).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sportello.console.models import ConversationLabel, Label
from sportello.conversations.models import Conversation
from sportello.core import events
from sportello.core.audit import audit

PALETTE: dict[str, Any] = {
    "blu": _("Blu"),
    "verde": _("Verde"),
    "rosso": _("Rosso"),
    "arancione": _("Arancione"),
    "viola": _("Viola"),
    "grigio": _("Grigio"),
    "azzurro": _("Azzurro"),
    "marrone": _("Marrone"),
}
NAME_MAX = 40


def _clean_name(name: str) -> str:
    name = " ".join(name.split())[:NAME_MAX]
    if not name:
        raise ValidationError(_("Scrivi il nome dell'etichetta."))
    return name


def _clean_colour(colour: str) -> str:
    if colour not in PALETTE:
        raise ValidationError(_("Scegli un colore della tavolozza."))
    return colour


def create_label(municipality: Any, name: str, colour: str, actor: Any) -> Label:
    label = Label(municipality=municipality, name=_clean_name(name), colour=_clean_colour(colour))
    try:
        with transaction.atomic():
            label.save()
    except IntegrityError:
        raise ValidationError(_("Esiste già un'etichetta con questo nome.")) from None
    audit("label.created", actor=actor, municipality=municipality, target=label, name=label.name, colour=label.colour)
    return label


def change_label(label: Label, name: str, colour: str, actor: Any) -> Label:
    before = {"name": label.name, "colour": label.colour}
    label.name, label.colour = _clean_name(name), _clean_colour(colour)
    try:
        with transaction.atomic():
            label.save(update_fields=["name", "colour"])
    except IntegrityError:
        label.name, label.colour = before["name"], before["colour"]
        raise ValidationError(_("Esiste già un'etichetta con questo nome.")) from None
    audit("label.changed", actor=actor, municipality=label.municipality, target=label, before=before,
          name=label.name, colour=label.colour)
    return label


def delete_label(label: Label, actor: Any) -> None:
    used = label.conversation_links.count()
    audit("label.deleted", actor=actor, municipality=label.municipality, target=label, name=label.name, used=used)
    label.delete()


def add_label(conversation: Conversation, label: Label, actor: Any) -> bool:
    """True when the label was added (False: it was already there)."""
    if label.municipality_id != conversation.municipality_id:
        raise ValidationError(_("Questa etichetta è di un altro comune."))
    _, created = ConversationLabel.objects.get_or_create(
        conversation=conversation, label=label, defaults={"added_by": actor if actor.is_authenticated else None}
    )
    if created:
        audit("conversation.labelled", actor=actor, municipality=conversation.municipality, target=conversation,
              label=label.name)
        events.publish_on_commit(conversation.municipality_id, "conversation.updated", {"conversation": conversation.pk})
    return created


def remove_label(conversation: Conversation, label: Label, actor: Any) -> bool:
    deleted, _count = ConversationLabel.objects.filter(conversation=conversation, label=label).delete()
    if deleted:
        audit("conversation.unlabelled", actor=actor, municipality=conversation.municipality, target=conversation,
              label=label.name)
        events.publish_on_commit(conversation.municipality_id, "conversation.updated", {"conversation": conversation.pk})
    return bool(deleted)


def labels_of(conversation: Conversation) -> list[Label]:
    return [link.label for link in conversation.label_links.select_related("label").order_by("label__name")]


def available_for(conversation: Conversation) -> list[Label]:
    return list(Label.objects.filter(municipality_id=conversation.municipality_id))
