"""Meta's error codes as the sandbox raises them, in both shapes Meta uses.

A synchronous Graph error is an HTTP status plus ``{"error": {...}}`` (see ``send/resp_error_*.json``); an
asynchronous one is an entry of ``errors[]`` in a ``failed`` status webhook (see ``status_failed.json``).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

ERROR_CODES_HREF = (
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes"
)

# code -> (title as Meta words it, default details)
TITLES: dict[int, tuple[str, str]] = {
    100: ("Invalid parameter", "Invalid parameter."),
    190: ("Invalid OAuth access token - Cannot parse access token", "Invalid or missing access token."),
    131000: ("Something went wrong", "Message failed to send due to an unknown error."),
    131008: ("Required parameter is missing", "A required parameter is missing."),
    131009: ("Parameter value is not valid", "A parameter value is not valid."),
    131026: (
        "Message undeliverable",
        (
            "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp "
            "phone number, or the recipient has not accepted the new Terms of Service."
        ),
    ),
    131047: (
        "Re-engagement message",
        (
            "Message failed to send because more than 24 hours have passed since the customer last replied "
            "to this number."
        ),
    ),
    131053: ("Media upload error", "Unable to upload the media used in the message."),
    131056: (
        "(Business Account, Consumer Account) pair rate limit hit",
        (
            "Message failed to send because there were too many messages sent from this phone number to the "
            "same phone number in a short period of time."
        ),
    ),
    130429: ("Rate limit hit", "Cloud API message throughput has been reached."),
    132001: ("Template name does not exist in the translation", "The template name does not exist in this language."),
}


class GraphError(Exception):
    """An error the Graph API answers synchronously."""

    def __init__(
        self,
        code: int,
        details: str | None = None,
        *,
        http_status: int = 400,
        message: str | None = None,
        error_type: str = "OAuthException",
        subcode: int | None = None,
    ) -> None:
        title, default_details = TITLES.get(code, ("Invalid parameter", "Invalid parameter."))
        self.code = code
        self.details = details or default_details
        self.http_status = http_status
        self.message = message or f"(#{code}) {title}"
        self.error_type = error_type
        self.subcode = subcode
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "message": self.message,
            "type": self.error_type,
            "code": self.code,
            "error_data": {"messaging_product": "whatsapp", "details": self.details},
        }
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = secrets.token_urlsafe(17)
        return {"error": error}

    def encoded(self) -> bytes:
        return json.dumps(self.body()).encode()


def invalid(details: str, code: int = 100) -> GraphError:
    return GraphError(code, details)


def unauthorized() -> GraphError:
    return GraphError(190, http_status=401)


def unknown_object(object_id: str) -> GraphError:
    return GraphError(
        100,
        message=(
            f"Unsupported post request. Object with ID '{object_id}' does not exist, cannot be loaded due to "
            "missing permissions, or does not support this operation."
        ),
        error_type="GraphMethodException",
        subcode=33,
    )


def rate_limited() -> GraphError:
    return GraphError(130429, subcode=2494055)


def pair_limited() -> GraphError:
    return GraphError(131056)


def status_error(code: int) -> dict[str, Any]:
    """One entry of a ``failed`` status webhook's ``errors[]``."""
    title, details = TITLES[code]
    return {
        "code": code,
        "title": title,
        "message": title,
        "error_data": {"details": details},
        "href": ERROR_CODES_HREF,
    }
