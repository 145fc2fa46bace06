"""Channel accounts' secrets in the admin: never rendered back into the page; an empty field keeps the stored one."""

from __future__ import annotations

import pytest

from sportello.connectors.email.admin import MailboxForm
from sportello.connectors.email.setup import ensure_mailbox
from sportello.connectors.telegram.admin import TelegramBotForm
from sportello.connectors.telegram.setup import ensure_bot
from sportello.connectors.whatsapp.admin import WhatsAppNumberForm
from sportello.municipalities.models import Municipality
from tests.conftest import make_number

pytestmark = pytest.mark.django_db


def _accounts():
    town = Municipality.objects.create(slug="vigata", name="Comune di Vigata")
    number = make_number()
    bot = ensure_bot(town, token="123456:SECRET-bot-token", webhook_secret="hook-secret-value")
    mailbox = ensure_mailbox(town, address="urp@vigata.test", smtp_url="smtp://urp:Pa55word@127.0.0.1:2525")
    return [
        (WhatsAppNumberForm, number, "access_token"),
        (TelegramBotForm, bot, "token"),
        (MailboxForm, mailbox, "smtp_url"),
    ]


def _data(form_class, instance):
    form = form_class(instance=instance)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        if value is None or (isinstance(value, bool) and not value):
            continue
        data[name] = value
    return data


def test_secrets_are_never_rendered_and_blank_keeps_them():
    for form_class, instance, secret in _accounts():
        stored = getattr(instance, secret)
        assert stored not in form_class(instance=instance).as_p()
        form = form_class(data=_data(form_class, instance), instance=instance)
        assert form.is_valid(), (form_class.__name__, form.errors)
        saved = form.save()
        saved.refresh_from_db()
        assert getattr(saved, secret) == stored


def test_a_new_secret_replaces_the_stored_one():
    for form_class, instance, secret in _accounts():
        replacement = {"smtp_url": "smtp://urp:New-Pa55@127.0.0.1:2526", "token": "123456:NEW-bot-token"}.get(
            secret, "a-brand-new-secret")
        form = form_class(data={**_data(form_class, instance), secret: replacement}, instance=instance)
        assert form.is_valid(), (form_class.__name__, form.errors)
        saved = form.save()
        saved.refresh_from_db()
        assert getattr(saved, secret) == replacement
