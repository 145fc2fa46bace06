"""Side panel of a conversation: record a call or a visit of the same citizen."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def conversation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any]:
    return {"recorded": conversation.account.channel in ("phone", "desk")}
