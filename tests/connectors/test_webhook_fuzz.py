"""Property-based: whatever arrives, the endpoint never answers 500 and never stores an unsigned event."""

from __future__ import annotations

import json

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
