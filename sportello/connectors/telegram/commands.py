"""/start and /stop as the municipality's own keyword commands, so the policies stay channel-neutral.

- ``/stop`` is the STOP command (leaves every list), written as the municipality's STOP phrase;
- ``/start <tag>`` (a t.me/<bot>?start=<tag> link) is the subscribe command with that list's tag, as if the
  citizen had written «ISCRIVIMI #tag» (or «ISCRIZIONE ON #tag», whatever the municipality's phrase is);
- a bare ``/start`` is the citizen opening the chat: a `system` message (kept in the conversation, not waiting
  for an operator) that the welcome answers (welcome.py);
- any other ``/command`` stays as the citizen wrote it.

The original command is kept in ``payload["bot_command"]``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sportello.connectors.base import InboundMessage, MessageKind

BOT_STARTED = "bot_started"


def translate(message: InboundMessage, municipality: object | None) -> None:
    command = message.payload.get("bot_command")
    if message.kind != MessageKind.TEXT or not isinstance(command, dict):
        return
    name, argument = command.get("command"), str(command.get("argument") or "")
    if name == "start" and not argument:
        message.kind = MessageKind.SYSTEM
        message.payload["type"] = BOT_STARTED
        # What the operator reads in the conversation (the welcome follows it).
        message.text = _("Ha avviato la chat con il bot (/start).")
        return
    if municipality is None or name not in ("start", "stop"):
        return
    from sportello.policies.models import KeywordCommand
    from sportello.policies.services import command_phrase

    if name == "stop":
        phrase = command_phrase(municipality, KeywordCommand.Action.STOP) or command_phrase(
            municipality, KeywordCommand.Action.UNSUBSCRIBE
        )
        if phrase:
            message.text = phrase
        return
    phrase = command_phrase(municipality, KeywordCommand.Action.SUBSCRIBE)
    if phrase:
        # Deep-link payloads allow only A-Z a-z 0-9 _ -: "pubblica-utilita" is the tag "#pubblica-utilita".
        tags = " ".join(f"#{tag}" for tag in argument.replace(",", " ").split())
        message.text = f"{phrase} {tags}"
