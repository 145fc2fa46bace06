"""Encryption at rest with key rotation, and the blind index."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from sportello.citizens.identity import SenderIdentity, find_citizen, resolve_citizen
from sportello.citizens.models import Identity
from sportello.core import crypto

pytestmark = pytest.mark.django_db


def test_blind_index_is_keyed_and_namespaced(settings):
    first = crypto.blind_index("phone", "+393331234567")
    assert first == crypto.blind_index("phone", "+393331234567")
    assert first != crypto.blind_index("bsuid", "+393331234567")
    assert "3331234567" not in first
    original = settings.SPORTELLO_BLIND_INDEX_KEY
    settings.SPORTELLO_BLIND_INDEX_KEY = "A" * 43 + "="
    crypto.reset_caches()
    try:
        assert crypto.blind_index("phone", "+393331234567") != first
    finally:
        settings.SPORTELLO_BLIND_INDEX_KEY = original
        crypto.reset_caches()


def test_phone_is_found_through_the_index_and_stored_encrypted(number):
    citizen = resolve_citizen(number.municipality, SenderIdentity(phone="39 333 765 4321", name="Ada"))
    assert find_citizen(number.municipality, "phone", "+393337654321") == citizen
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM citizens_identity")
        stored = cursor.fetchone()[0]
    assert "3337654321" not in stored and stored.startswith("gAAAA")
    assert citizen.identities.get().masked == "+39 ••• ••• ••21"


def test_rotation_re_encrypts_under_the_new_key(number, settings):
    resolve_citizen(number.municipality, SenderIdentity(phone="393337654321"))
    old_keys = list(settings.SPORTELLO_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.SPORTELLO_ENCRYPTION_KEYS = [new_key, *old_keys]
    crypto.reset_caches()
    try:
        call_command("rotate_keys", verbosity=0)
        # The old key can now be retired: everything still decrypts with the new one alone.
        settings.SPORTELLO_ENCRYPTION_KEYS = [new_key]
        crypto.reset_caches()
        assert Identity.objects.get().value == "+393337654321"
        number.refresh_from_db()
        assert number.app_secret == "test-app-secret"
    finally:
        settings.SPORTELLO_ENCRYPTION_KEYS = old_keys
        crypto.reset_caches()
