"""Every URL of the site, from the URL resolver, with its parameters filled in from one town's objects.

A new URL whose parameters this module cannot fill makes the matrix fail: add it to `ROUTE_PARAMS` or
`PARAMS` (and to `PUBLIC` when anyone may open it), so that no page escapes the permission matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix.world import TownWorld

# Open to anyone (login, public forms, bulletins, Open311, capability links): no staff scope to break, but they
# must never show a private marker of any town.
PUBLIC = {
    "login", "logout", "password_change", "password_change_done", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "whatsapp-webhook", "telegram-webhook",
    "webform:form", "webform:privacy", "webform:tracking", "webform:form_town", "webform:privacy_town",
    "bulletin-index", "bulletin-page", "bulletin-feed", "survey:form", "email:sandbox",
    "console:otp_enrol", "console:otp_verify", "console:two_factor", "set_language",
    # The town's logo is shown on public pages; the first-run page exists only on an empty installation (404 after).
    "firstrun:logo", "firstrun:setup",
}
PUBLIC_PREFIXES = ("cases:open311:",)
# Not requested: an endless event stream (its scoping is checked by the console's own tests).
SKIPPED = {"console:events"}
# Never POSTed: they change the session or the signed-in user's own credentials, not tenant data.
NO_POST = {"set_language", "logout", "password_change", "password_reset", "password_reset_confirm", "console:otp_enrol",
           "console:otp_verify", "console:two_factor", "api_tokens", "api_token_revoke"}

Fill = Callable[[TownWorld], Any]


def _obj(kind: str, attr: str = "pk") -> Fill:
    return lambda town: getattr(town.objects[kind], attr)


PARAMS: dict[str, Fill] = {
    "conversation_id": _obj("conversation"),
    "review_id": _obj("review"),
    "citizen_id": _obj("citizen"),
    "message_id": _obj("message"),
    "entry_id": _obj("entry"),
    "reply_id": _obj("canned"),
    "municipality_id": lambda town: town.municipality.pk,
    "attachment_id": _obj("attachment"),
    "link_id": lambda town: 987654,  # no link exists: the page must still refuse, not fail
    "slug": lambda town: town.municipality.slug,
    "reference": _obj("case", "reference"),
    "code": lambda town: "strade",
    "token": lambda town: "sconosciuto",
    "uidb64": lambda town: "MQ",
    "fmt": lambda town: "json",
}
ROUTE_PARAMS: dict[tuple[str, str], Fill] = {
    ("cases:attachment", "attachment_id"): _obj("case_attachment"),
    ("console:link_confirm", "citizen_id"): lambda town: town.objects["unlinked"].citizen_id,
    ("campaigns:action", "action"): lambda town: "pause",
    ("console:label_edit", "label_id"): _obj("label"),
    ("moderation:citizen-action", "action"): lambda town: "blocca",
    ("moderation:message-action", "action"): lambda town: "nascondi",
    ("reports:export", "kind"): lambda town: "cases",
    ("reports:export", "fmt"): lambda town: "csv",
    ("privacy:document", "name"): lambda town: "registro",
    ("privacy:document", "fmt"): lambda town: "md",
    ("api_token_revoke", "pk"): lambda town: 987654,
    ("whatsapp:templates_sync", "pk"): lambda town: town.objects["account"].whatsapp.pk,
    ("configuration:channel_edit", "pk"): _obj("account"),
    ("configuration:redirect_edit", "pk"): _obj("redirect"),
    ("configuration:redirect_delete", "pk"): _obj("redirect"),
    ("configuration:command_edit", "pk"): _obj("command"),
    ("configuration:command_delete", "pk"): _obj("command"),
    ("organisation:list", "pk"): _obj("mailing_list"),
    ("organisation:policy_version", "pk"): _obj("policy"),
    ("organisation:department", "pk"): _obj("roads"),
    ("organisation:category_new", "department_pk"): _obj("roads"),
    ("organisation:category", "department_pk"): _obj("roads"),
    ("organisation:category", "pk"): _obj("category"),
    ("organisation:member_add", "pk"): _obj("roads"),
    ("organisation:member_remove", "pk"): _obj("department_membership"),
    ("organisation:staff_role", "pk"): _obj("staff_membership"),
    ("organisation:staff_remove", "pk"): _obj("staff_membership"),
    ("organisation:staff_reset_2fa", "pk"): _obj("staff_membership"),
}
PK_BY_PREFIX: dict[str, str] = {"console:": "conversation", "knowledge:": "conversation", "cases:": "case",
                                "campaign-": "campaign", "campaigns:": "campaign"}


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]

    @property
    def public(self) -> bool:
        return self.name in PUBLIC or self.name.startswith(PUBLIC_PREFIXES)

    @property
    def has_objects(self) -> bool:
        """Whether its parameters name a town's objects (so another town's ids must be refused)."""
        return any(p not in ("fmt", "kind", "action", "name", "token", "uidb64") for p in self.params)

    def fill(self, town: TownWorld) -> dict[str, Any]:
        return {param: _filler(self.name, param)(town) for param in self.params}

    def url(self, town: TownWorld) -> str:
        return reverse(self.name, kwargs=self.fill(town))


def _filler(name: str, param: str) -> Fill:
    if (name, param) in ROUTE_PARAMS:
        return ROUTE_PARAMS[(name, param)]
    if param == "pk":
        for prefix, kind in PK_BY_PREFIX.items():
            if name.startswith(prefix):
                return _obj(kind)
    if param in PARAMS:
        return PARAMS[param]
    raise LookupError(f"the permission matrix cannot fill {param!r} of URL {name!r}: add it to tests/security/matrix")


def _walk(patterns: list[Any], namespaces: tuple[str, ...] = ()) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(("admin/", "api/")):
                continue  # the admin and the API have their own matrices
            extra = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern.url_patterns, namespaces + extra)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Route(":".join((*namespaces, pattern.name)), tuple(pattern.pattern.regex.groupindex))


def site_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)  # the first pattern of a name is the one reverse() builds
    return [route for name, route in sorted(seen.items()) if name not in SKIPPED]
