"""Every inbound fixture goes through the signed endpoint and the worker; the stored result is asserted field by field."""

from __future__ import annotations

import pytest

from sportello.conversations import ingest
from sportello.conversations.models import Attachment, DeliveryStatus, InboundEvent, Message
from sportello.citizens.models import Identity
from sportello.connectors.whatsapp.parser import MESSAGE_PARSERS, MESSAGE_TYPES
from tests.conftest import FIXTURES, load_fixture, make_number, post_webhook

MSG = "message"
# fixture → (expected kind, expected text, payload subset, attachment (kind, mime, filename, voice) or None,
#            flags subset on the message)
MESSAGES: dict[str, tuple[str, str, dict, tuple | None, dict]] = {
    "text.json": ("text", "Body Text", {}, None, {}),
    "meta_docs_text.json": ("text", "Does it come in another color?", {}, None, {}),
    "meta_openapi_text.json": ("text", "Does it come in another color?", {}, None, {}),
    "chatwoot_bsuid_only_text.json": ("text", "testing bsuid", {}, None, {}),
    "chatwoot_text_phone_and_bsuid.json": ("text", "phone and bsuid", {}, None, {}),
    "image.json": ("image", "", {}, ("image", "image/jpeg", "", False), {}),
    "image_with_url.json": ("image", "", {}, ("image", "image/jpeg", "", False), {}),
    "meta_openapi_image.json": ("image", "Taj Mahal", {}, ("image", "image/jpeg", "", False), {}),
    "meta_docs_image_with_url.json": ("image", "Taj Mahal", {}, ("image", "image/jpeg", "", False), {}),
    "chatwoot_image_media_download_error.json": (
        "image", "Check out my product!", {"errors": [{"code": 400}]}, ("image", "image/jpeg", "", False), {},
    ),
    "audio.json": ("audio", "", {"voice": False}, ("audio", "audio/ogg; codecs=opus", "", False), {"forwarded": True}),
    "audio_voice.json": ("audio", "", {"voice": True}, ("audio", "audio/ogg; codecs=opus", "", True), {}),
    "video_forwarded.json": ("video", "caption", {}, ("video", "video/mp4", "", False), {"forwarded": True}),
    "document.json": (
        "document", "caption", {}, ("document", "application/pdf", "filename.pdf", False), {"forwarded": True},
    ),
    "sticker_static.json": ("sticker", "", {"animated": False}, ("sticker", "image/webp", "", False), {}),
    "sticker_animated.json": ("sticker", "", {"animated": True}, ("sticker", "image/webp", "", False), {}),
    "location_current.json": ("location", "", {"latitude": 12.25089, "longitude": 43.90539}, None, {}),
    "location_named.json": (
        "location", "Facebook HQ — 1 Hacker Way, Menlo Park, CA 94025",
        {"latitude": 37.4611978, "longitude": -122.2164385, "name": "Facebook HQ"}, None, {},
    ),
    "meta_openapi_location.json": (
        "location", "Philz Coffee — 101 Forest Ave, Palo Alto, CA 94301",
        {"latitude": 37.44221496582, "longitude": -122.16165924072, "name": "Philz Coffee"}, None, {},
    ),
    "contacts.json": ("contacts", "", {}, None, {}),
    "meta_openapi_contacts.json": ("contacts", "", {}, None, {}),
    "reaction.json": ("reaction", "😮", {"emoji": "😮", "removed": False}, None, {}),
    "meta_openapi_reaction.json": ("reaction", "👍", {"emoji": "👍", "removed": False}, None, {}),
    "reaction_removed_empty_emoji.json": ("reaction", "", {"emoji": "", "removed": True}, None, {}),
    "reaction_removed_no_emoji.json": ("reaction", "", {"emoji": "", "removed": True}, None, {}),
    "interactive_button_reply.json": (
        "interactive", "title", {"reply_type": "button_reply", "id": "callback_data", "title": "title"}, None, {},
    ),
    "meta_openapi_interactive_button_reply.json": (
        "interactive", "Cancel", {"reply_type": "button_reply", "id": "cancel-button"}, None, {},
    ),
    "meta_docs_interactive_button_reply.json": (
        "interactive", "Change", {"reply_type": "button_reply", "id": "change-button"}, None, {},
    ),
    "interactive_list_reply.json": ("interactive", "title", {"reply_type": "list_reply", "id": "callback_data"}, None, {}),
    "interactive_list_reply_with_description.json": (
        "interactive", "title", {"reply_type": "list_reply", "description": "description"}, None, {},
    ),
    "meta_openapi_interactive_list_reply.json": (
        "interactive", "Priority Mail Express",
        {"reply_type": "list_reply", "id": "priority_express", "description": "Next Day to 2 Days"}, None, {},
    ),
    "meta_docs_interactive_list_reply.json": (
        "interactive", "Priority Mail Express", {"reply_type": "list_reply", "id": "priority_express"}, None, {},
    ),
    "interactive_nfm_reply.json": (
        "interactive", "Sent", {"reply_type": "nfm_reply", "name": "flow"}, None, {},
    ),
    "interactive_nfm_reply_no_flow_token.json": ("interactive", "Sent", {"reply_type": "nfm_reply"}, None, {}),
    "errors_interactive_unsupported_payload.json": (
        "interactive", "", {"reply_type": "", "errors": [{"code": 131000}]}, None, {},
    ),
    "button_template_quick_reply.json": ("button", "title", {"payload": "callback_data", "text": "title"}, None, {}),
    "button_template_quick_reply_no_context.json": ("button", "title", {"payload": "callback_data"}, None, {}),
    "meta_openapi_button_template_quick_reply.json": ("button", "Unsubscribe", {"payload": "Unsubscribe"}, None, {}),
    "order.json": ("order", "", {}, None, {}),
    "meta_openapi_order.json": ("order", "", {}, None, {}),
    # System bodies name phone numbers: kept only in the encrypted payload, the searchable text stays empty.
    "system_user_changed_number.json": (
        "system", "", {"type": "user_changed_number", "new_wa_id": "972912345678",
                       "body": "User A changed from 972987654321 to 972912345678"}, None, {},
    ),
    "meta_openapi_system_user_changed_number.json": (
        "system", "", {"type": "user_changed_number", "new_wa_id": "12195555358"}, None, {},
    ),
    "system_customer_identity_changed.json": (
        "system", "", {"type": "customer_identity_changed", "body": "User identity changed"}, None, {},
    ),
    "edit_edited_message.json": (
        "edit", "Updated image caption", {"new_kind": "image"}, ("image", "image/jpeg", "", False), {},
    ),
    "revoke_deleted_message.json": ("revoke", "", {"original_message_id": "<ORIGINAL_WHATSAPP_MESSAGE_ID>"}, None, {}),
    "unsupported.json": ("unsupported", "", {"errors": [{"code": 131051}]}, None, {}),
    "unsupported_with_type.json": ("unsupported", "", {"unsupported_type": "pool"}, None, {}),
    "meta_openapi_unsupported.json": ("unsupported", "", {}, None, {}),
    "context_reply_text.json": ("text", "replied text", {"reply_to_unknown": True}, None, {}),
    "context_forwarded_text.json": ("text", "forwarded text", {}, None, {"forwarded": True, "frequently_forwarded": False}),
    "context_frequently_forwarded_text.json": (
        "text", "text forwarded many times", {}, None, {"forwarded": True, "frequently_forwarded": True},
    ),
    "meta_openapi_text_context_referred_product.json": (
        "text", "Is this still available?", {"referred_product": {"catalog_id": "194836987003835"}}, None, {},
    ),
    "referral_click_to_whatsapp_ad.json": ("text", "BODY", {"referral": {}}, None, {}),
    "meta_openapi_text_referral_ctwa_ad.json": (
        "text", "Hello! Can I get more info on this?", {"referral": {"source_type": "ad"}}, None, {},
    ),
}
ECHOES = {
    "message_echoes_text.json": ("text", "Test message"),
    "message_echoes_edit.json": ("edit", "Text was edited"),
    "message_echoes_revoke.json": ("revoke", ""),
}
STATUSES = {  # fixture → (status, error code or None, callback data)
    "status_sent.json": ("sent", None, ""),
    "status_delivered.json": ("delivered", None, ""),
    "status_read.json": ("read", None, ""),
    "status_played.json": ("played", None, ""),
    "status_failed.json": ("failed", 130472, ""),
    "status_sent_biz_opaque_callback_data.json": ("sent", None, "some data"),
    "status_read_group.json": ("read", None, ""),
    "meta_docs_status_failed_131049.json": ("failed", 131049, ""),
    "meta_docs_status_sent_pmp_marketing.json": ("sent", None, ""),
}
OTHERS = {
    "meta_docs_account_update_volume_tier.json": "account_update",
    "meta_openapi_group_create.json": "group_lifecycle_update",
    "meta_openapi_group_remove_participants.json": "group_participants_update",
    "meta_openapi_group_settings_update.json": "group_settings_update",
    "template_category_update.json": "template_category_update",
    "template_components_update.json": "message_template_components_update",
    "template_quality_yellow.json": "message_template_quality_update",
    "template_status_approved.json": "message_template_status_update",
    "template_status_rejected.json": "message_template_status_update",
    "user_preferences_marketing_resume.json": "user_preferences",
    "user_preferences_marketing_signup.json": "user_preferences",
}


def _phone_number_id(document: dict) -> str:
    try:
        return document["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"]
    except (KeyError, IndexError, TypeError):
        return "999000111"


def _ingest(client, name: str) -> InboundEvent:
    document = load_fixture(name)
    make_number(_phone_number_id(document))
    raw = (FIXTURES / name).read_bytes()
    response = post_webhook(client, raw)
    assert response.status_code == 200
    assert InboundEvent.objects.count() == 1
    ingest.drain()
    return InboundEvent.objects.get()


def _subset(actual, expected) -> None:
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"missing {key!r} in {actual!r}"
            _subset(actual[key], value)
    elif isinstance(expected, list):
        assert len(actual) >= len(expected)
        for a, e in zip(actual, expected):
            _subset(a, e)
    else:
        assert actual == expected


def test_every_fixture_is_covered():
    inbound = {p.name for p in FIXTURES.glob("*.json")}
    assert inbound == set(MESSAGES) | set(ECHOES) | set(STATUSES) | set(OTHERS)


def test_every_declared_type_has_a_parser():
    assert set(MESSAGE_TYPES) == set(MESSAGE_PARSERS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_inbound_message_fixture(client, name):
    kind, text, payload, attachment, flags = MESSAGES[name]
    event = _ingest(client, name)
    assert event.state == InboundEvent.State.DONE, event.problem
    message = Message.objects.get()
    assert (message.direction, message.kind, message.text) == ("in", kind, text)
    _subset(message.payload, payload)
    for flag, value in flags.items():
        assert getattr(message, flag) == value
    if attachment is None:
        assert not message.attachments.exists()
    else:
        stored = message.attachments.get()
        assert (stored.kind, stored.mime_type, stored.filename, stored.voice) == attachment
        assert stored.state == Attachment.State.PENDING and stored.media_id
    assert message.conversation.citizen.identities.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ECHOES))
def test_message_echo_fixture_is_recorded_as_outbound(client, name):
    kind, text = ECHOES[name]
    event = _ingest(client, name)
    assert event.state == InboundEvent.State.DONE, event.problem
    message = Message.objects.get()
    assert (message.direction, message.kind, message.text, message.status) == ("out", kind, text, "sent")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(STATUSES))
def test_status_fixture(client, name):
    status, code, callback = STATUSES[name]
    event = _ingest(client, name)
    assert event.state == InboundEvent.State.DONE, event.problem
    stored = DeliveryStatus.objects.get()
    assert (stored.status, stored.error_code, stored.callback_data) == (status, code, callback)
    assert stored.message is None  # we never sent it: kept until a send claims the id


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OTHERS))
def test_other_update_fixture_is_recorded(client, name):
    event = _ingest(client, name)
    assert event.state == InboundEvent.State.DONE, event.problem
    assert event.summary["fields"] == [OTHERS[name]]
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_username_only_citizen_is_identified_by_bsuid(client):
    _ingest(client, "chatwoot_bsuid_only_text.json")
    citizen = Message.objects.get().conversation.citizen
    assert citizen.username == "muhsin" and citizen.display_name == "Muhsin"
    identities = list(citizen.identities.values_list("kind", flat=True))
    assert identities == [Identity.Kind.BSUID]
    assert citizen.identities.get().value == "IN.2081978709342942"
    assert "2081978709342942" not in citizen.identities.get().masked
