"""Property-based: whatever arrives, the endpoint never answers 500 and never stores an unsigned event."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sportello.conversations import ingest
from sportello.conversations.models import InboundEvent
from tests.conftest import load_fixture, make_number, sign
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
BASES = [p.body(p.text_message("ciao")), load_fixture("image.json"), load_fixture("status_failed.json"),
         load_fixture("interactive_nfm_reply.json"), load_fixture("system_user_changed_number.json")]


def _mutate(document: object, path: list[int], replacement: object) -> object:
    """Replace the node reached by following `path` (indexes into keys/items) with `replacement`."""
    if not path or not isinstance(document, (dict, list)) or not document:
        return replacement
    if isinstance(document, dict):
        keys = list(document)
        key = keys[path[0] % len(keys)]
        return {**document, key: _mutate(document[key], path[1:], replacement)}
    index = path[0] % len(document)
    return [*document[:index], _mutate(document[index], path[1:], replacement), *document[index + 1:]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from(BASES),
    path=st.lists(st.integers(min_value=0, max_value=50), max_size=8),
    replacement=json_values,
    signed=st.booleans(),
)
def test_mutated_payloads_never_500(client, base, path, replacement, signed):
    make_number()
    before = InboundEvent.objects.count()
    raw = json.dumps(_mutate(base, path, replacement)).encode()
    headers = {"HTTP_X_HUB_SIGNATURE_256": sign(raw)} if signed else {}
    response = client.post("/webhooks/whatsapp", data=raw, content_type="application/json", **headers)
    assert response.status_code == (200 if signed else 401)
    assert InboundEvent.objects.count() == before + (1 if signed else 0)
    ingest.drain()
    assert not InboundEvent.objects.filter(state=InboundEvent.State.PENDING).exists()
    assert not InboundEvent.objects.filter(state=InboundEvent.State.FAILED).exists()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), signed=st.booleans(), header=st.text(max_size=80))
def test_random_bytes_never_500(client, raw, signed, header):
    make_number()
    before = InboundEvent.objects.count()
    signature = sign(raw) if signed else header
    response = client.post(
        "/webhooks/whatsapp", data=raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
    )
    assert response.status_code in (200, 401)
    stored = InboundEvent.objects.count() - before
    assert stored == (1 if response.status_code == 200 else 0)
    if response.status_code == 200:
        assert signed or signature == sign(raw)
    ingest.drain()
    assert not InboundEvent.objects.filter(state__in=[InboundEvent.State.PENDING, InboundEvent.State.FAILED]).exists()


def _nested(depth: int, kind: str) -> bytes:
    opening, closing = ("[", "]") if kind == "list" else ('{"a":', "}")
    return (opening * depth + "1" + closing * depth).encode()


PATHOLOGICAL = st.one_of(
    st.builds(_nested, st.integers(min_value=5_000, max_value=200_000), st.sampled_from(["list", "dict"])),
    # A huge but well-formed body, and a body that is valid JSON of the wrong shape everywhere.
    st.builds(lambda n: json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": "x" * n}]}).encode(),
              st.integers(min_value=100_000, max_value=2_000_000)),
    st.builds(lambda d: json.dumps(d).encode(), json_values),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=st.lists(PATHOLOGICAL, min_size=1, max_size=3), good=st.integers(min_value=1, max_value=3))
def test_pathological_bodies_never_hold_back_the_messages_behind_them(client, bad, good):
    """Deeply nested, huge and malformed (signed) bodies, then normal messages: every normal message arrives,
    each bad body is flagged on its own, and nothing is left pending or failed."""
    from sportello.conversations.models import Message

    make_number()
    bad_ids = []
    for raw in bad:
        assert client.post("/webhooks/whatsapp", data=raw, content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=sign(raw)).status_code == 200
        bad_ids.append(InboundEvent.objects.latest("pk").pk)
    run = uuid.uuid4().hex[:8]  # hypothesis examples share the test's database
    texts = [f"messaggio normale {i} {run}" for i in range(good)]
    for text in texts:
        raw = json.dumps(p.body(p.text_message(text))).encode()
        assert client.post("/webhooks/whatsapp", data=raw, content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=sign(raw)).status_code == 200
    ingest.drain()
    for text in texts:
        assert Message.objects.filter(text=text).count() == 1
    assert not InboundEvent.objects.filter(state__in=[InboundEvent.State.PENDING, InboundEvent.State.FAILED]).exists()
    nested = [pk for pk, raw in zip(bad_ids, bad) if raw[:1] in (b"[", b"{") and raw.count(b"[") + raw.count(b"{") > 1000]
    assert all(InboundEvent.objects.get(pk=pk).state == InboundEvent.State.FLAGGED for pk in nested)
