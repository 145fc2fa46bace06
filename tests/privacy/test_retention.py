"""The retention purge: what is older than each municipality's limits goes, the rest stays, and the run says what
it removed; `--dry-run` counts without removing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from sportello.citizens.models import Citizen
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.core.models import AuditEntry
from sportello.municipalities.models import ChannelAccount, Municipality
from sportello.privacy.models import PurgeRun, RetentionPolicy
from sportello.privacy.retention import due, purge

pytestmark = pytest.mark.django_db


def _conversation(town, state="closed", days_ago=0):
    account = ChannelAccount.objects.get_or_create(municipality=town, channel="whatsapp", defaults={"label": "WA"})[0]
    citizen = Citizen.objects.create(municipality=town)
    when = timezone.now() - timedelta(days=days_ago)
    conversation = Conversation.objects.create(municipality=town, account=account, citizen=citizen, state=state,
                                               last_message_at=when)
    message = Message.objects.create(municipality=town, conversation=conversation, direction="in", kind="image",
                                     text=f"vecchio di {days_ago} giorni", sent_at=when)
    attachment = Attachment.objects.create(message=message, kind="image", state="ready")
    attachment.file.save("foto.jpg", ContentFile(b"\xff\xd8 foto"), save=True)
    return message, attachment


def test_purge_removes_what_is_past_each_limit_and_records_it(capsys):
    town = Municipality.objects.create(slug="borgo", name="Borgo")
    RetentionPolicy.objects.create(municipality=town, messages_days=30, media_days=10, audit_days=0)
    old, old_file = _conversation(town, days_ago=40)
    open_old, open_file = _conversation(town, state="open", days_ago=40)  # an open conversation keeps its messages
    recent_media, recent_file = _conversation(town, days_ago=15)  # message kept, file past the media limit
    fresh, fresh_file = _conversation(town, days_ago=1)
    AuditEntry.objects.create(action="x", municipality=town)
    paths = {a.pk: a.file.name for a in (old_file, open_file, recent_file, fresh_file)}

    call_command("purge", "--dry-run")
    assert "messages: would remove 1" in capsys.readouterr().out
    assert Message.objects.count() == 4 and all(default_storage.exists(p) for p in paths.values())

    run = purge()
    assert run.counts["messages"] == 1 and run.counts["media"] == 2 and "audit" not in run.counts
    assert set(Message.objects.values_list("pk", flat=True)) == {open_old.pk, recent_media.pk, fresh.pk}
    assert not any(default_storage.exists(paths[a.pk]) for a in (old_file, open_file, recent_file))
    assert default_storage.exists(paths[fresh_file.pk])
    assert Attachment.objects.get(pk=recent_file.pk).file.name == ""
    assert not Conversation.objects.filter(messages__isnull=True).exists()
    assert AuditEntry.objects.filter(action="x").exists()  # audit_days=0: never purged
    assert AuditEntry.objects.get(action="privacy.purged").data["counts"]["messages"] == 1
    assert PurgeRun.objects.filter(dry_run=True).count() == 1 and run.finished_at is not None
    assert not due()  # the next one in a day
    assert due(timezone.now() + timedelta(hours=25))
