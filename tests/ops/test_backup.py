"""The documented backup (`sportello manage backup --to DIR`) restored into an EMPTY database and a NEW data
directory (`sportello manage restore --from DIR`): citizens' numbers decrypt, their messages and files are there."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from sportello.conversations import ingest
from sportello.conversations.models import InboundEvent
from tests.conftest import make_number
from tests.ops import flood
from tests.ops.processes import child_env

pytestmark = pytest.mark.django_db(transaction=True)

CHECK = """
import json, django; django.setup()
from sportello.core.scoping import scopes_disabled
from sportello.citizens.identity import find_citizen
from sportello.citizens.models import Identity
from sportello.conversations.models import Message
from django.core.files.storage import default_storage
with scopes_disabled():
    phones = sorted(i.value for i in Identity.objects.filter(kind="phone"))
    found = find_citizen(Identity.objects.first().municipality, "phone", phones[0])  # the blind index key works too
    print(json.dumps({"phones": phones, "found": found is not None,
                      "texts": sorted(Message.objects.filter(direction="in").values_list("text", flat=True)),
                      "media": default_storage.open("attachments/bolletta.pdf").read().decode()}))
"""


@pytest.fixture
def empty_database():
    """A new, empty database of the kind under test, as a DATABASE_URL (SQLite: in the new data directory)."""
    if connection.vendor == "sqlite":
        yield None
        return
    name = f"sp_ops_restore_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    admin = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    if db["PASSWORD"]:
        admin += f" password={db['PASSWORD']}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sportello", "manage", *args], env=env, capture_output=True,
                          text=True, timeout=300)


def test_backup_restores_into_an_empty_database_with_numbers_decrypting(tmp_path, empty_database):
    make_number()
    InboundEvent.objects.bulk_create([InboundEvent(channel="whatsapp", body=flood.webhook(n, 0)) for n in range(3)])
    ingest.drain()
    media = settings.DATA_DIR / "media" / "attachments"
    media.mkdir(parents=True, exist_ok=True)
    (media / "bolletta.pdf").write_text("%PDF-1.4 TARI 2026")

    source_env = child_env()
    done = _manage(source_env, "backup", "--to", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    assert {p.name for p in (tmp_path / "backup").iterdir()} >= {"manifest.json", "media", "keys.json"}

    new_env = child_env(SPORTELLO_DATA_DIR=str(tmp_path / "new-data"))
    if empty_database:
        new_env["DATABASE_URL"] = empty_database
    else:
        new_env.pop("DATABASE_URL")  # the new data directory's own SQLite files
    restored = _manage(new_env, "restore", "--from", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert _manage(new_env, "migrate", "--noinput").returncode == 0
    # A second restore would overwrite live data: refused.
    again = _manage(new_env, "restore", "--from", str(tmp_path / "backup"))
    assert again.returncode != 0 and "not empty" in again.stderr

    check = subprocess.run([sys.executable, "-c", CHECK], env={**new_env, "DJANGO_SETTINGS_MODULE": "sportello.settings"},
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    result = json.loads(check.stdout.strip().splitlines()[-1])
    assert result["phones"] == [f"+{flood.citizen_phone(n)}" for n in range(3)]
    assert result["found"] is True
    assert result["texts"] == ["messaggio 0"] * 3
    assert result["media"] == "%PDF-1.4 TARI 2026"
