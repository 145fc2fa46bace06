"""The per-process configuration cache: fresh within its lifetime, cleared at once by a save in this process."""

from __future__ import annotations

import pytest

from sportello.core import configcache
from sportello.municipalities.models import Municipality
from sportello.policies import services
from sportello.policies.models import ServicePolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(settings):
    settings.SPORTELLO_CONFIG_CACHE_SECONDS = 60
    configcache.clear()
    yield
    configcache.clear()


def test_cached_until_a_watched_model_is_saved(caching):
    town = Municipality.objects.create(slug="t", name="T")
    assert services.policy_for(town) is None
    policy = ServicePolicy.objects.create(municipality=town)  # post_save clears the cache
    assert services.policy_for(town) == policy


def test_changes_made_behind_the_orms_back_wait_for_expiry(caching, settings):
    town = Municipality.objects.create(slug="t", name="T")
    calls = []
    loader = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert configcache.cached("x", town.pk, loader) == 1
    assert configcache.cached("x", town.pk, loader) == 1  # served from the cache
    settings.SPORTELLO_CONFIG_CACHE_SECONDS = 0
    assert configcache.cached("x", town.pk, loader) == 2  # disabled: always fresh
