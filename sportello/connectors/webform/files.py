"""What a citizen may attach: recognised by the file's first bytes, never by its name alone.

A file whose content is not one of the accepted types is refused even when its name says ".pdf"; a file whose
content is accepted but whose name carries another extension is refused too (a renamed file is a mistake the
citizen should see, not something the office should open).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    mime_type: str
    kind: str  # the attachment kind the inbound pipeline knows: image or document
    extensions: tuple[str, ...]
    label: str


ACCEPTED = (
    FileType("image/jpeg", "image", (".jpg", ".jpeg"), "JPEG"),
    FileType("image/png", "image", (".png",), "PNG"),
    FileType("image/webp", "image", (".webp",), "WebP"),
    FileType("application/pdf", "document", (".pdf",), "PDF"),
)
ACCEPT_ATTRIBUTE = ",".join([t.mime_type for t in ACCEPTED] + [e for t in ACCEPTED for e in t.extensions])
LABELS = ", ".join(t.label for t in ACCEPTED)


def sniff(head: bytes) -> FileType | None:
    """The accepted type these first bytes belong to, if any."""
    if head.startswith(b"\xff\xd8\xff"):
        return ACCEPTED[0]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ACCEPTED[1]
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ACCEPTED[2]
    if head[:1024].lstrip(b"\r\n\t \x00\xef\xbb\xbf").startswith(b"%PDF-"):
        return ACCEPTED[3]
    return None


def clean_filename(name: str) -> str:
    """A safe display name: no path, no control characters, at most 120 characters, extension kept."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".") or "allegato"
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 110]}.{ext[:8]}" if dot and len(ext) <= 8 else name[:120]
    return name


def check(name: str, content: bytes) -> tuple[FileType | None, str]:
    """(type, "") for an accepted file, (None, why) otherwise; `why` is what the citizen reads."""
    filename = clean_filename(name)
    found = sniff(content[:1100])
    if not content:
        return None, _("Il file «%(name)s» è vuoto.") % {"name": filename}
    if found is None:
        return None, _("Il file «%(name)s» non è di un tipo accettato (%(types)s).") % {"name": filename, "types": LABELS}
    if not filename.lower().endswith(found.extensions):
        return None, _(
            "Il nome del file «%(name)s» non corrisponde al suo contenuto (%(type)s): lo rinomini o scelga "
            "un altro file."
        ) % {"name": filename, "type": found.label}
    return found, ""


class LimitedUploadHandler(FileUploadHandler):
    """Stops storing files past the form's limits while the request is read, so an oversized upload costs no
    disk and no memory; the fields around it still arrive and the citizen loses nothing typed.

    Refusals are collected in `request.webform_refused` (what the citizen reads)."""

    def __init__(self, request: HttpRequest, *, max_files: int, max_bytes: int) -> None:
        super().__init__(request)
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.files = 0
        self.received = 0
        self.refused: list[str] = []
        request.webform_refused = self.refused  # type: ignore[attr-defined]

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):  # type: ignore[no-untyped-def]
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        self.files += 1
        if self.files == self.max_files + 1:
            self.refused.append(
                _("Si possono allegare al massimo %(count)d file: i successivi non sono stati accettati.")
                % {"count": self.max_files}
            )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # Skipped here, not in new_file: by now every handler has opened this file, so skipping closes only it.
        if self.files > self.max_files:
            raise SkipFile()
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.refused.append(
                _("Il file «%(name)s» supera la dimensione massima di %(size)d MB.")
                % {"name": clean_filename(self.file_name or ""), "size": self.max_bytes // (1024 * 1024)}
            )
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) builds the uploaded file
