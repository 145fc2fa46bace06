"""Every fixture (a real Bot API Update shape) in, the exact channel-neutral update out."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sportello.connectors.base import MessageKind, UnparseableBody
from sportello.connectors.telegram import parser

FIXTURES = Path(parser.__file__).parent / "fixtures"
BOT = "7000000001"
USER = "111222333"


def parse(name: str):  # type: ignore[no-untyped-def]
    body = (FIXTURES / f"{name}.json").read_bytes()
    return parser.parse_body(parser.envelope(BOT, body))


def only_message(name: str):  # type: ignore[no-untyped-def]
    batch = parse(name)
    assert not batch.problems and not batch.others and len(batch.messages) == 1
    message = batch.messages[0]
    assert (message.channel, message.account_ref) == ("telegram", BOT)
    assert message.sender.telegram_id == USER and message.sender.name == "Giulia Pala"
    assert message.sender.username == "giulia_pala" and message.sender.phone == ""
    return message


def test_text():
    m = only_message("message_text")
    assert (m.kind, m.text, m.payload, m.media) == (MessageKind.TEXT, "Buongiorno, quando apre l'anagrafe?", {}, [])
    assert m.external_id == f"{BOT}:{USER}:42"
    assert m.sent_at == datetime.fromtimestamp(1764979200, tz=timezone.utc)
    assert m.original_type == "text"


def test_reply_points_at_the_bot_message():
    m = only_message("message_reply")
    assert m.context.external_id == f"{BOT}:{USER}:41"


def test_photo_takes_the_largest_size():
    m = only_message("message_photo")
    assert (m.kind, m.text) == (MessageKind.IMAGE, "Buca in via Dante")
    assert [(r.kind, r.media_id, r.mime_type) for r in m.media] == [("image", "AgACAgQAAxkBAAMlarge", "image/jpeg")]
    assert m.payload == {"media_group_id": "13912345678901234"}


def test_document():
    m = only_message("message_document")
    ref = m.media[0]
    assert (m.kind, m.text, ref.media_id, ref.mime_type, ref.filename) == (
        "document", "La bolletta", "BQACAgQAAxkBAAMdoc", "application/pdf", "tari-2026.pdf")


def test_voice_is_audio_marked_voice():
    m = only_message("message_voice")
    assert (m.kind, m.payload, m.media[0].voice, m.media[0].mime_type) == ("audio", {"voice": True, "duration": 4}, True, "audio/ogg")


def test_audio():
    m = only_message("message_audio")
    assert m.kind == "audio" and not m.media[0].voice
    assert m.payload == {"voice": False, "duration": 62, "performer": "Giulia", "title": "Registrazione"}
    assert m.media[0].filename == "registrazione.mp3"


def test_video():
    m = only_message("message_video")
    assert (m.kind, m.text, m.media[0].media_id, m.media[0].mime_type) == ("video", "Sottopasso allagato", "BAACAgQAAxkBAAMvideo", "video/mp4")


def test_location():
    m = only_message("message_location")
    assert (m.kind, m.text, m.payload) == ("location", "", {"latitude": 39.2238, "longitude": 9.1217})


def test_venue_is_a_named_location():
    m = only_message("message_venue")
    assert m.kind == "location" and m.original_type == "venue"
    assert m.payload == {"latitude": 39.2166, "longitude": 9.1125, "name": "Municipio", "address": "Via Roma 145, Cagliari", "venue": True}
    assert m.text == "Municipio — Via Roma 145, Cagliari"


def test_contact_card_stays_in_the_payload_only():
    m = only_message("message_contact")
    assert (m.kind, m.text) == ("contacts", "")
    assert m.payload == {"contacts": [{
        "name": {"formatted_name": "Marco Serra", "first_name": "Marco", "last_name": "Serra"},
        "phones": [{"phone": "+393471112233"}], "telegram_user_id": "444555666",
    }]}


def test_commands_are_recognised_without_the_bot_name():
    assert only_message("message_command_start").payload == {"bot_command": {"command": "start", "argument": ""}}
    assert only_message("message_command_start_tag").payload == {"bot_command": {"command": "start", "argument": "notizie"}}
    stop = only_message("message_command_stop")
    assert (stop.text, stop.payload) == ("/stop@ComuneEsempioBot", {"bot_command": {"command": "stop", "argument": ""}})
    assert only_message("message_command_other").payload == {"bot_command": {"command": "orari", "argument": ""}}


def test_sticker():
    m = only_message("message_sticker")
    assert (m.kind, m.text, m.media[0].mime_type) == ("sticker", "👍", "image/webp")


def test_unsupported_content_is_kept_and_named():
    m = only_message("message_poll")
    assert (m.kind, m.payload, m.original_type) == (MessageKind.UNSUPPORTED, {"unsupported_type": "poll"}, "poll")


def test_callback_query_is_an_interactive_answer_with_the_button_id():
    m = only_message("callback_query")
    assert m.kind == MessageKind.INTERACTIVE and m.original_type == "callback_query"
    assert m.payload == {"reply_type": "button_reply", "id": "consent:12:accept", "title": "Accetto"}
    assert m.text == "Accetto"
    assert m.external_id == f"{BOT}:callback:4382bfdwdsb323b2d9"
    assert m.context.external_id == f"{BOT}:{USER}:41"


def test_edited_message_is_an_edit_of_the_original():
    m = only_message("edited_message")
    assert m.kind == MessageKind.EDIT
    assert m.text == "Buongiorno, quando apre l'anagrafe di via Roma?"
    assert m.payload == {"original_message_id": f"{BOT}:{USER}:42", "new_kind": "text", "new_payload": {}}
    assert m.external_id == f"{BOT}:{USER}:42:edit:1764979260"
    assert m.sent_at == datetime.fromtimestamp(1764979260, tz=timezone.utc)


@pytest.mark.parametrize(("name", "field", "value"), [
    ("my_chat_member", "my_chat_member", {"status": "kicked"}),
    ("inline_query", "inline_query", {}),
    ("group_message", "group_message", {"chat_type": "supergroup"}),
])
def test_other_updates_are_recorded_not_dropped(name, field, value):
    batch = parse(name)
    assert not batch.messages and not batch.problems
    assert [(o.field, o.value, o.account_ref) for o in batch.others] == [(field, value, BOT)]


def test_an_unknown_update_kind_is_flagged():
    batch = parser.parse_body(parser.envelope(BOT, json.dumps({"update_id": 1, "future_thing": {}}).encode()))
    assert batch.problems == ["update 1: unknown kind future_thing"]


def test_an_unknown_message_content_is_kept_as_unknown():
    body = {"update_id": 2, "message": {"message_id": 3, "from": {"id": 5}, "chat": {"id": 5, "type": "private"},
                                        "date": 1, "hologram": {"x": 1}}}
    message = parser.parse_body(parser.envelope(BOT, json.dumps(body).encode())).messages[0]
    assert (message.kind, message.original_type) == (MessageKind.UNKNOWN, "hologram")


@pytest.mark.parametrize("stored", [b"{}", b"bot:12\nnot json", b"bot:x\n{}", b"bot:12\n[1]", b"bot:12\n{\"message\": {}}"])
def test_unreadable_bodies_raise(stored):
    with pytest.raises(UnparseableBody):
        parser.parse_body(stored)


# Every fixture and what it becomes: a message kind, or the field of an OtherUpdate.
EXPECTED = {
    "message_text": "text", "message_reply": "text", "message_photo": "image", "message_document": "document",
    "message_voice": "audio", "message_audio": "audio", "message_video": "video", "message_location": "location",
    "message_venue": "location", "message_contact": "contacts", "message_command_start": "text",
    "message_command_start_tag": "text", "message_command_stop": "text", "message_command_other": "text",
    "message_sticker": "sticker", "message_poll": "unsupported", "callback_query": "interactive",
    "edited_message": "edit", "my_chat_member": "other:my_chat_member", "inline_query": "other:inline_query",
    "group_message": "other:group_message",
}


def test_every_fixture_is_covered_and_every_declared_kind_has_a_parser():
    # Table and declared lists in step (Zulip's habit)…
    assert set(parser.UPDATE_KINDS) == set(parser.UPDATE_PARSERS)
    assert set(parser.MESSAGE_TYPES) == set(parser.MESSAGE_PARSERS)
    # …every fixture is an Update of a declared kind, listed above, and parses into what the list says.
    assert {p.stem for p in FIXTURES.glob("*.json")} == set(EXPECTED)
    for path in sorted(FIXTURES.glob("*.json")):
        update = json.loads(path.read_text())
        kinds = [k for k in update if k != "update_id"]
        assert len(kinds) == 1 and kinds[0] in parser.UPDATE_KINDS, path.name
        batch = parser.parse_body(parser.envelope(BOT, path.read_bytes()))
        assert not batch.problems, (path.name, batch.problems)
        got = [m.kind for m in batch.messages] + [f"other:{o.field}" for o in batch.others]
        assert got == [EXPECTED[path.stem]], path.name
