"""The inbox list refreshed by rows (`?cambiate=`): the list's order, and rows only for the conversations that
changed; another municipality's conversation is never rendered, whatever ids the request names."""

from __future__ import annotations

import re

import pytest

from tests.console.conftest import incoming, login

pytestmark = pytest.mark.django_db


def _order(html: str) -> list[int]:
    return [int(pk) for pk in re.search(r'data-order="([\d,]*)"', html).group(1).split(",") if pk]


def _rows(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-conversation="(\d+)"', html)]


def test_rows_for_the_changed_conversations_and_the_whole_order(client, town, other_town, operator):
    first = incoming(client, "Il cassonetto è pieno", phone="393330000001", ts=1_800_000_000)
    second = incoming(client, "Buca in via Dante", phone="393330000002", ts=1_800_000_060)
    theirs = incoming(client, "Da un altro comune", phone="393330000003", phone_number_id="9988776655443",
                      ts=1_800_000_120)
    login(client, operator)

    whole = client.get("/conversazioni/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="conversation-list"' in whole and set(_rows(whole)) == {first.pk, second.pk}

    delta = client.get(f"/conversazioni/?ordine=recenti&cambiate={first.pk},{theirs.pk},x",
                       HTTP_HX_REQUEST="true").content.decode()
    assert 'id="conversation-list-delta"' in delta
    assert _order(delta) == [second.pk, first.pk]  # the most recent first, only this municipality's
    assert _rows(delta) == [first.pk]  # the other town's id names nothing here
    assert "cassonetto" in delta and "Buca" not in delta and "Da un altro comune" not in delta
    assert "2 conversazioni" in delta

    incoming(client, "Ancora pieno", phone="393330000001", ts=1_800_000_180)
    moved = client.get(f"/conversazioni/?ordine=recenti&cambiate={first.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert _order(moved) == [first.pk, second.pk] and "Ancora pieno" in moved
    assert _rows(client.get("/conversazioni/?cambiate=", HTTP_HX_REQUEST="true").content.decode()) == []


def test_a_search_is_always_answered_with_the_whole_list(client, town, operator):
    conversation = incoming(client, "Buca in via Dante", phone="393330000002")
    login(client, operator)
    found = client.get(f"/conversazioni/?q=buca&cambiate={conversation.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="conversation-list"' in found and _rows(found) == [conversation.pk]
