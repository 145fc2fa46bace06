"""Which of our accounts a webhook body names, found without parsing the JSON (the acknowledgement stays fast and a
pathological body cannot make it recurse).

The keys are matched however JSON may spell them (each character literally or as a \\uXXXX escape), so a body cannot
hide the number it is addressed to from this scan while the parser still sees it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable


def _spelled_any_way(key: str) -> bytes:
    """A regex matching the JSON string `"key"` with any character literal or \\u-escaped."""
    parts = []
    for char in key:
        code = f"{ord(char):04x}"
        hex_any_case = "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in code)
        parts.append(f"(?:{re.escape(char)}|\\\\u{hex_any_case})")
    return ('"' + "".join(parts) + '"').encode()


# A string value, or a number (the parser turns any value into text with str(), so 123 names "123" too).
_VALUE = rb'\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?[0-9][0-9eE.+-]{0,60})'
_PHONE_NUMBER_ID = re.compile(_spelled_any_way("phone_number_id") + _VALUE)
_ID = re.compile(_spelled_any_way("id") + _VALUE)
# The same keys spelled plainly: several times faster (a literal to look for). Enough when no printable ASCII
# character is \u-escaped anywhere in the body, which Meta's serializer never does (it escapes only non-ASCII).
# Values too are matched only without escapes: the escapes left (\" \\ \/ \n \t \r \b \f) cannot occur in an id.
_PLAIN_VALUE = rb'\s*:\s*("[^"\\]{0,200}"|-?[0-9][0-9eE.+-]{0,60})'
_PLAIN_PHONE_NUMBER_ID = re.compile(rb'"phone_number_id"' + _PLAIN_VALUE)
_PLAIN_ID = re.compile(rb'"id"' + _PLAIN_VALUE)
_ESCAPED_ASCII = re.compile(rb"\\u00[2-7][0-9a-fA-F]")


def _decoded(values: Iterable[bytes]) -> set[str]:
    found = set()
    for raw in values:
        if raw[:1] == b'"' and b"\\" not in raw:  # a plain string: no need for the JSON decoder
            found.add(raw[1:-1].decode("utf-8", "replace"))
            continue
        try:
            found.add(str(json.loads(raw)))
        except ValueError:  # not a valid JSON string: the parser will refuse this body too
            found.add(raw.decode("latin-1"))
    return found


def _plain(body: bytes) -> bool:
    return _ESCAPED_ASCII.search(body) is None


def phone_number_ids(body: bytes) -> set[str]:
    pattern = _PLAIN_PHONE_NUMBER_ID if _plain(body) else _PHONE_NUMBER_ID
    return _decoded(m.group(1) for m in pattern.finditer(body))


def ids(body: bytes) -> set[str]:
    """Every string value of an "id" key (entry ids are WABA ids; the caller keeps only the ones it knows)."""
    pattern = _PLAIN_ID if _plain(body) else _ID
    return _decoded(m.group(1) for m in pattern.finditer(body))
