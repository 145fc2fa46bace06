"""Tenancy by construction: every tenant-owned model's default manager is scoped to one municipality.

A query through a scoped manager needs an active scope, or it raises `ScopeError` instead of silently reading
every town's rows (django-scopes, as pretix uses it). Where the scope comes from:
- console requests: the staff member's municipalities (`sportello.municipalities.middleware.TenantScopeMiddleware`);
- API requests: the token owner's municipalities (`sportello.api.auth`);
- public pages, webhooks, Open311: the municipality resolved from the URL, key or account;
- workers, tasks, management commands, the CLI: `scopes_disabled()` at their entry points (system code that
  works across towns on purpose).

Usage in a model::

    objects = TenantManager()                              # a direct `municipality` FK
    objects = TenantManager("conversation__municipality")  # a path to one
    all_tenants = models.Manager()                         # only where system code truly needs every town

Keep the scoped manager first (it is the default manager, so related managers and the admin use it too).
"""

from __future__ import annotations

from django.db import models
from django_scopes import ScopedManager, ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import state as _state

__all__ = [
    "DIMENSION",
    "activate",
    "ScopeError",
    "ScopedChoicesMixin",
    "TenantManager",
    "get_scope",
    "is_tenant_manager",
    "scope",
    "scopes_disabled",
    "tenant_scope",
]

DIMENSION = "municipality"


class UnscopedQuerySet(DisabledQuerySet):
    """What a tenant manager gives without a scope: every read raises `ScopeError`.

    `.all()` (a copy) is allowed so that a ModelForm class can be defined at import time: its choice field keeps a
    queryset that still fails when evaluated; the admin and views rebuild their fields inside the request's scope.
    """

    def all(self):
        return self._chain()


class ScopedChoicesMixin:
    """For a form class defined at import time (outside any scope): its model choice fields get their querysets
    again when the form is made, under the scope active then (the request's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, UnscopedQuerySet):
                field.queryset = queryset.model._default_manager.all()


def TenantManager(path: str = "municipality", queryset: type[models.QuerySet] | None = None):  # noqa: N802
    """A manager filtered by the active municipality scope through `path` (a lookup to the Municipality FK).

    `queryset`: an optional custom QuerySet class whose methods the manager exposes.
    """
    base = models.Manager.from_queryset(queryset) if queryset is not None else models.Manager
    scoped = type(ScopedManager(_manager_class=base, **{DIMENSION: path}))
    # Without a scope the custom methods exist too, and whatever they query raises ScopeError.
    unscoped = UnscopedQuerySet
    if queryset is not None:
        unscoped = type(f"Unscoped{queryset.__name__}", (UnscopedQuerySet, queryset), {})

    class Manager(scoped):
        tenant_path = path  # read by the test that checks every tenant model is scoped

        def get_queryset(self):
            queryset = super().get_queryset()
            if isinstance(queryset, DisabledQuerySet):
                queryset.__class__ = unscoped
            return queryset

    return Manager()


def is_tenant_manager(manager: models.Manager) -> bool:
    return getattr(manager, "tenant_path", None) is not None and hasattr(manager, "with_scopes_disabled")


def tenant_scope(municipality):
    """Run the block inside one municipality (an instance or its primary key)."""
    value = getattr(municipality, "pk", municipality)
    return scope(**{DIMENSION: value})


def activate(municipality) -> None:
    """Enter one municipality's scope (an instance, a primary key or a list of keys) for the rest of the current
    request: public pages and the API learn their tenant inside the view. `TenantScopeMiddleware` restores the
    previous state when the response is done."""
    value = municipality if isinstance(municipality, (list, tuple)) else getattr(municipality, "pk", municipality)
    _state.set({"_enabled": True, DIMENSION: value})
