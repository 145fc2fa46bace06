"""The keyword commands' answers and target lists, shared by the inbound pipeline (which sends them) and the
settings page's "try a message" box (which only shows them), so the preview can never drift from what is sent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sportello.policies import services
from sportello.policies.models import KeywordCommand


def labels(lists: list[Any]) -> str:
    return services.join_names([services.list_label(m) for m in lists])


def stop_phrase(municipality: Any) -> str:
    return (services.command_phrase(municipality, KeywordCommand.Action.UNSUBSCRIBE)
            or services.command_phrase(municipality, KeywordCommand.Action.STOP) or "STOP")


def targets(municipality: Any, command: KeywordCommand, chosen: list[Any]) -> list[Any]:
    """The lists a command acts on: every active list for STOP, else the #tags named, the command's own lists or all."""
    if command.action == KeywordCommand.Action.STOP:
        return services.active_lists(municipality)
    if chosen:
        return chosen
    return [m for m in command.lists.all() if m.active] or services.active_lists(municipality)


def unknown_tags_text(municipality: Any, command: KeywordCommand, unknown_tags: list[str]) -> str:
    valid = sorted({t for m in services.active_lists(municipality) for t in services.tags_of(m)})
    return _("Non conosco %(unknown)s. Le liste disponibili sono: %(valid)s. Per esempio: «%(example)s».") % {
        "unknown": services.join_names([f"#{t.upper()}" for t in unknown_tags]),
        "valid": ", ".join(valid) or _("nessuna"),
        "example": f"{command.phrase_list()[0]} {valid[0]}" if valid else command.phrase_list()[0],
    }


def no_policy_text(lists: list[Any]) -> str:
    return _(
        "Al momento non è possibile iscriversi a %(lists)s: l'informativa non è ancora pubblicata. "
        "Ci scusiamo per il disagio."
    ) % {"lists": labels(lists)}


def welcome_text(municipality: Any, command: KeywordCommand | None, lists: list[Any]) -> str:
    text = (command.reply_text if command else "") or _(
        "Iscrizione confermata a %(lists)s. Per cancellarsi in qualsiasi momento scriva «%(stop)s»."
    ) % {"lists": labels(lists), "stop": stop_phrase(municipality)}
    return services.render(text, municipality, liste=labels(lists))
