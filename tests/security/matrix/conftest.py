from __future__ import annotations

import pytest
from django.test import Client

from tests.security.matrix import world as matrix_world


@pytest.fixture
def matrix(db, settings):  # type: ignore[no-untyped-def]
    # The second factor is tested on its own (tests/console); here every role goes straight to the pages.
    settings.SPORTELLO_2FA_REQUIRED_ROLE = None
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SPORTELLO_RATE_LIMITS = {}  # a thousand requests from one address are the point here
    return matrix_world.build()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
