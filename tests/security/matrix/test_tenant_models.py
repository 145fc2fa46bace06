"""Tenancy by construction: every model that belongs to a municipality is reached through a scoped manager.

A model with a foreign key to Municipality, or a path of foreign keys to one, must have a `TenantManager`
(sportello.core.scoping) as its default manager, filtering along that path. A new model that forgets it fails
here; a justified exception goes into ALLOWED with the reason.
"""

from __future__ import annotations

from collections import deque

import pytest
from django.apps import apps
from django.db import models

from sportello.core.scoping import ScopeError, is_tenant_manager, scopes_disabled, tenant_scope

# Models that reach a municipality but are deliberately unscoped: none today. Name the reason with each entry.
ALLOWED: dict[str, str] = {}


def tenant_path(model: type[models.Model]) -> str | None:
    """The shortest chain of foreign keys from the model to Municipality (`a__b__municipality`), if any."""
    from sportello.municipalities.models import Municipality

    queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
    seen = {model}
    while queue:
        current, prefix = queue.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            path = f"{prefix}__{field.name}" if prefix else field.name
            if field.related_model is Municipality:
                return path
            if field.related_model not in seen and field.related_model.__module__.startswith("sportello"):
                seen.add(field.related_model)
                queue.append((field.related_model, path))
    return None


def tenant_models() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("sportello"):
            continue
        path = tenant_path(model)
        if path is not None:
            found.append((model, path))
    return found


def test_every_tenant_model_has_a_scoped_default_manager():
    found = tenant_models()
    assert len(found) >= 50  # the scan sees the project's models
    missing = []
    for model, path in found:
        label = model._meta.label
        if label in ALLOWED:
            continue
        manager = model._default_manager
        if not is_tenant_manager(manager):
            missing.append(f"{label}: default manager {manager.name!r} is not a TenantManager (path {path})")
        elif not manager.tenant_path.endswith("municipality"):
            missing.append(f"{label}: scoped along {manager.tenant_path!r}, which does not reach a municipality")
    assert not missing, "\n".join(missing)


def test_the_municipality_itself_is_not_scoped():
    from sportello.municipalities.models import Municipality

    assert not is_tenant_manager(Municipality._default_manager)


@pytest.mark.django_db
def test_a_query_without_a_scope_fails_and_a_scope_filters():
    """What every model above inherits: no scope, no rows (an error); a scope, only that town's rows."""
    import contextvars

    from sportello.cases.models import Department
    from sportello.municipalities.models import Municipality

    with scopes_disabled():
        alfa = Municipality.objects.create(slug="alfa", name="Alfa")
        beta = Municipality.objects.create(slug="beta", name="Beta")
        Department.objects.create(municipality=alfa, code="strade", name="Strade Alfa")
        Department.objects.create(municipality=beta, code="strade", name="Strade Beta")

    def production() -> None:  # a fresh context: what a request or a thread starts with
        with pytest.raises(ScopeError):
            list(Department.objects.all())
        with pytest.raises(ScopeError):
            Department.objects.filter(code="strade").count()
        with tenant_scope(alfa):
            assert [d.name for d in Department.objects.all()] == ["Strade Alfa"]
            assert list(alfa.departments.all()) == list(Department.objects.all())
            assert not beta.departments.exists()

    contextvars.Context().run(production)
