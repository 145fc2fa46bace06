"""The channel seam holds: the channel-neutral packages know no channel (docs/channels.md).

Everything about WhatsApp lives in sportello/connectors/whatsapp/; the packages below reach it only through
the Connector protocol and the registry. This test reads their source and fails on any WhatsApp-specific
code, naming file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sportello

ROOT = Path(sportello.__file__).parent
NEUTRAL = ("conversations", "console", "broadcasts", "policies", "cases", "moderation", "survey")

# Anywhere in a neutral package's code, comments and templates (migrations are history, not code).
FORBIDDEN_TEXT = {
    "imports the WhatsApp connector": re.compile(r"connectors\.whatsapp\b|from sportello\.connectors import whatsapp"),
    "names WhatsApp's number model": re.compile(r"\bWhatsAppNumber\b"),
    "mentions WhatsApp message ids": re.compile(r"\bwamids?\b", re.IGNORECASE),
    "reaches the Graph API": re.compile(r"graph\.facebook", re.IGNORECASE),
    "builds Cloud API bodies": re.compile(r"\bmessaging_product\b"),
}

# Content, not code: the seed services' own texts quote their names ("San Giuliano Whatsapp"), and the
# screening lexicons match the word in citizens' messages ("scrivimi su whatsapp"). Only the literal rule is
# waived there; the rules above still apply.
LITERAL_ALLOWED = ("policies/presets/", "moderation/screening/")


def _files(package: str) -> list[Path]:
    base = ROOT / package
    return sorted(
        p for p in base.rglob("*")
        if p.suffix in {".py", ".html", ".js"} and "migrations" not in p.parts and "vendor" not in p.parts
    )


def text_offences(source: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        for why, pattern in FORBIDDEN_TEXT.items():
            if pattern.search(line):
                found.append((number, why))
    return found


def code_offences(source: str) -> list[tuple[int, str]]:
    """Branches on the channel: the literal "whatsapp" as a value in code, or ChannelAccount.Channel.WHATSAPP."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip().lower() == "whatsapp":
            found.append((node.lineno, 'uses the literal "whatsapp"'))
        elif isinstance(node, ast.Attribute) and node.attr == "WHATSAPP":
            found.append((node.lineno, "uses Channel.WHATSAPP"))
    return found


def offences(package: str) -> list[str]:
    report = []
    for path in _files(package):
        relative = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        found = text_offences(source)
        if path.suffix == ".py" and not relative.startswith(tuple(p for p in LITERAL_ALLOWED)):
            found += code_offences(source)
        report += [f"sportello/{relative}:{line}: {why}" for line, why in sorted(set(found))]
    return report


@pytest.mark.parametrize("package", NEUTRAL)
def test_neutral_package_knows_no_channel(package: str) -> None:
    found = offences(package)
    assert not found, "WhatsApp-specific code outside sportello/connectors/whatsapp/:\n" + "\n".join(found)


def test_the_checks_catch_what_they_are_for() -> None:
    leaky = (
        "from sportello.connectors.whatsapp.accounts import number_for\n"
        "from sportello.connectors.whatsapp.models import WhatsAppNumber\n"
        "if account.channel == 'whatsapp':\n"
        "    pass\n"
        "needs = account.channel == ChannelAccount.Channel.WHATSAPP\n"
        "body = {'messaging_product': 'whatsapp'}  # wamid\n"
        "url = 'https://graph.facebook.com/v23.0'\n"
    )
    whys = {why for _, why in text_offences(leaky) + code_offences(leaky)}
    assert whys == set(FORBIDDEN_TEXT) | {'uses the literal "whatsapp"', "uses Channel.WHATSAPP"}
    neutral = (
        "from sportello.conversations.channel import send_check\n"
        "check = send_check(conversation)\n"
        '"""Docstrings may name WhatsApp as an example."""\n'
        "TEXT = 'Grazie per aver scritto a UrpsuWhatsapp'\n"
    )
    assert text_offences(neutral) == [] and code_offences(neutral) == []


def test_the_allowance_is_narrow() -> None:
    """Only the preset texts and the screening lexicons may hold the word, and both exist where we say."""
    for allowed in LITERAL_ALLOWED:
        assert (ROOT / allowed).is_dir(), allowed
    assert not any(a.startswith(("conversations", "console", "cases")) for a in LITERAL_ALLOWED)
