"""`sportello manage revoketoken PREFIX` (or `--user NAME` for all of a user's tokens)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sportello.api.models import ApiToken
from sportello.core.audit import audit
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Revoke API tokens by prefix (the first 12 characters, as the console lists them) or by user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", nargs="?", help="the token's prefix, e.g. spt_AbCdEfGh")
        parser.add_argument("--user", help="revoke every token of this username")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args: Any, prefix: str | None = None, user: str | None = None, **options: Any) -> None:
        if not prefix and not user:
            raise CommandError("give a token prefix or --user")
        tokens = ApiToken.objects.filter(revoked=False)
        tokens = tokens.filter(prefix=prefix) if prefix else tokens.filter(user__username=user)
        found = list(tokens)
        if not found:
            raise CommandError("no active token matches")
        for token in found:
            token.revoke()
            audit("api_token.revoked", actor_label="cli", target=token)
        self.stdout.write(f"revoked {len(found)} token(s)")
