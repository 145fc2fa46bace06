"""build.new gives the instance Model(**kwargs) gives: every field's value or default, related objects cached."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sportello.conversations.models import Conversation, Message
from sportello.core import build
from sportello.core.models import AuditEntry


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.mark.parametrize("model,values", [
    (Message, lambda conv: dict(municipality_id=1, conversation=conv, direction="out", kind="text", text="ciao",
                                author=None, reply_to=None, status="queued", callback_data="x")),
    (AuditEntry, lambda conv: dict(action="message.queued", actor=None, actor_label="system", municipality=None,
                                   target_type="conversations.message", target_id="7", data={"kind": "text"})),
])
def test_new_matches_the_keyword_constructor(model, values):
    conv = Conversation(pk=5, municipality_id=1)
    now = timezone.now()
    made, expected = build.new(model, **values(conv)), model(**values(conv))
    got, want = _fields(made), _fields(expected)
    for name, value in want.items():
        if name.endswith("_at") and value is not None:  # callable defaults (timezone.now): called for each
            assert got[name] >= now
        else:
            assert got[name] == value, name
    assert made._state.adding and made.pk is None
    assert made._state.fields_cache.keys() == expected._state.fields_cache.keys()
    if model is Message:
        assert made.conversation is conv and made.conversation_id == 5
        assert made.payload == {} and made.payload is not build.new(Message, conversation=conv).payload  # own dict


def test_new_refuses_what_is_not_a_field():
    with pytest.raises(TypeError, match="no field named colour"):
        build.new(AuditEntry, action="x", colour="red")
