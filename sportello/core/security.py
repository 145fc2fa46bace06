"""Small defensive helpers used wherever untrusted content leaves Sportello.

- `serve_attachment`: every view that serves a citizen's or a case's file goes through it. A file is shown in the
  browser only when its stored type is on a short allow-list of inert types *and* its first bytes agree; anything
  else (SVG, HTML, XML, scripts, PDF, a mislabelled file) is a download, typed `application/octet-stream` when the
  stored type could be rendered by a browser. Always with `X-Content-Type-Options: nosniff`.
- `csv_cell` / `csv_writer`: spreadsheet cells that would start a formula are neutralised with a leading quote.
- `xml_text`: characters XML 1.0 cannot carry are removed before serialisation.
- `safe_next`: a `next` or referer target is followed only when it stays on this site.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

from django.http import FileResponse, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Types a browser may display inline: raster images, audio and video. Each with the signatures its content must
# start with (a citizen's SVG labelled image/png does not pass). PDF is not here: PDF viewers run scripts.
_MP4 = (lambda head: head[4:8] == b"ftyp")
_SIGNATURES: dict[str, Any] = {
    "image/jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/gif": lambda head: head.startswith((b"GIF87a", b"GIF89a")),
    "image/webp": lambda head: head.startswith(b"RIFF") and head[8:12] == b"WEBP",
    "audio/ogg": lambda head: head.startswith(b"OggS"),
    "audio/opus": lambda head: head.startswith(b"OggS"),
    "audio/mpeg": lambda head: head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
    "audio/aac": lambda head: head.startswith(b"ADIF") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0),
    "audio/mp4": _MP4,
    "audio/amr": lambda head: head.startswith(b"#!AMR"),
    "video/mp4": _MP4,
    "video/3gpp": _MP4,
}
INLINE_TYPES = frozenset(_SIGNATURES)
DOWNLOAD_TYPE = "application/octet-stream"
_MIME = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
# Types a browser would render or run if it ever ignored the download: never sent as such.
_ACTIVE = re.compile(r"(html|xml|svg|javascript|ecmascript|json|text/|multipart/|x-shockwave|pdf|xsl)")


def _essence(mime_type: str) -> str:
    return (mime_type or "").split(";", 1)[0].strip().lower()


def inline_type(mime_type: str, head: bytes) -> str | None:
    """The type to display inline, or None when the file must be downloaded."""
    essence = _essence(mime_type)
    check = _SIGNATURES.get(essence)
    return essence if check is not None and check(head) else None


def download_type(mime_type: str) -> str:
    essence = _essence(mime_type)
    if not _MIME.match(essence) or _ACTIVE.search(essence):
        return DOWNLOAD_TYPE
    return essence


def serve_attachment(handle: IO[bytes], mime_type: str, filename: str, *, inline: bool = True) -> FileResponse:
    """A FileResponse for a stored file: inline only for an allow-listed type whose bytes agree, else a download.

    `inline=False` forces a download (evidence, quarantine). The stored type is the one the sender declared: it is
    never trusted on its own.
    """
    head = handle.read(16)
    handle.seek(0)
    shown = inline_type(mime_type, head) if inline else None
    response = FileResponse(
        handle, content_type=shown or download_type(mime_type), filename=filename or "allegato",
        as_attachment=shown is None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if opened directly, a served file may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self' data:; media-src 'self'; sandbox"
    return response


# -- CSV -----------------------------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will show as text: a leading =, +, -, @, tab or CR gets a quote in front."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer: Any):
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **kwargs: Any) -> _SafeWriter:
    """`csv.writer` whose cells are neutralised against formulas: use it for every CSV the project writes."""
    return _SafeWriter(csv.writer(stream, **kwargs))


# -- XML -----------------------------------------------------------------------------------------------------------
_XML_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF)."""
    return _XML_ILLEGAL.sub("", value)


# -- redirects -----------------------------------------------------------------------------------------------------
def safe_next(request: HttpRequest, target: str | None, fallback: str = "/") -> str:
    """`target` when it is a path or URL of this site (same host, and https when the request is), else `fallback`."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
