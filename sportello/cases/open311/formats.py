"""GeoReport v2 output: XML (mandatory in the spec) and JSON (its Spark-convention mapping) from one structure.

A response is a Python value: a list of dicts under a plural root (`services`, `service_requests`, `errors`)
or a single dict under a named root (`service_definition`, `discovery`). Nested lists use the same plural →
singular element names as the spec's examples.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

from sportello.core.security import xml_text

SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return xml_text(str(value))  # a control character in a citizen's text must not make the document ill-formed


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        child_name = SINGULAR.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, child_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def render(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(_jsonable(value), ensure_ascii=False).encode()
    else:
        body = to_xml(root, value)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error(fmt: str, status: int, description: str, code: int | None = None) -> HttpResponse:
    """The GeoReport error format: a list of {code, description}, with the HTTP status."""
    return render(fmt, "errors", [{"code": code or status, "description": description}], status=status)
