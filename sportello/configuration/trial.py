"""“Try a message”: what the keyword-command step would do with a typed message, without doing it.

It runs the pipeline's own matcher (`policies.services.find_command`), target lists and answers
(`policies.replies`) and follows the decisions of `policies.pipeline._command` for a citizen with no subscriptions yet: which command, which lists, whether the
privacy policy is asked first, and the reply text. Nothing is written and nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sportello.policies import replies, services
from sportello.policies.models import KeywordCommand


@dataclass
class Trial:
    text: str
    command: KeywordCommand | None = None
    outcome: str = ""  # not_a_command, unknown_tags, subscribe, consent, no_policy, unsubscribe, list
    joins: list[Any] = field(default_factory=list)
    leaves: list[Any] = field(default_factory=list)
    unknown_tags: list[str] = field(default_factory=list)
    reply: str = ""


_labels = replies.labels


def try_message(municipality: Any, text: str) -> Trial:
    trial = Trial(text)
    found = services.find_command(municipality, text)
    if found is None:
        trial.outcome = "not_a_command"
        return trial
    command, match = found.command, found.match
    trial.command = command
    if match.unknown_tags:
        trial.outcome, trial.unknown_tags = "unknown_tags", [f"#{t.upper()}" for t in match.unknown_tags]
        trial.reply = replies.unknown_tags_text(municipality, command, list(match.unknown_tags))
        return trial
    targets = replies.targets(municipality, command, [found.tags[t] for t in match.tags])
    if command.action == KeywordCommand.Action.SUBSCRIBE:
        _subscribe(trial, municipality, command, targets)
    elif command.action in (KeywordCommand.Action.UNSUBSCRIBE, KeywordCommand.Action.STOP):
        trial.outcome, trial.leaves = "unsubscribe", targets
        service = services.policy_for(municipality)
        template = command.reply_text or (service.unsubscribed_text if service else "") or _(
            "Fatto: la Sua iscrizione a {liste} è cancellata. Non riceverà più questi messaggi. Può sempre scriverci qui."
        )
        trial.reply = services.render(template, municipality, liste=_labels(targets))
    else:
        trial.outcome = "list"
        trial.reply = _(
            "Non risulta iscritto a nessuna lista. Liste disponibili: %(lists)s. Per iscriversi scriva «%(join)s»."
        ) % {
            "lists": _labels(services.active_lists(municipality)) or _("nessuna"),
            "join": services.command_phrase(municipality, KeywordCommand.Action.SUBSCRIBE),
        }
    return trial


def _subscribe(trial: Trial, municipality: Any, command: KeywordCommand, targets: list[Any]) -> None:
    trial.joins = targets
    needing = [m for m in targets if m.requires_consent]
    if needing:
        policy = services.policy_covering(municipality, needing)
        if policy is None:
            trial.outcome = "no_policy"
            trial.joins = [m for m in targets if not m.requires_consent]
            trial.reply = replies.no_policy_text(needing)
            return
        service = services.policy_for(municipality)
        trial.outcome = "consent"
        trial.reply = services.render(
            (service.consent_question_text if service else "")
            or _("Per iscriversi a {liste} deve accettare l'informativa. La accetta?"),
            municipality, liste=_labels(needing),
        )
        return
    trial.outcome = "subscribe"
    trial.reply = replies.welcome_text(municipality, command, targets)
