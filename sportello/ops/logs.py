"""Logs without personal data: the formatters redact phone-like numbers, e-mail addresses and channel message ids
from every line they write (message, arguments and traceback), and `SPORTELLO_LOG_FORMAT=json` writes one JSON
object per line for log collectors."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

REDACTED = "[redacted]"
# WhatsApp message ids encode the sender's number; e-mail addresses; a "+" and 8+ digits, or 10+ digits in a row
# (national and international mobile numbers). Row ids stay readable: ten-digit ids are years away.
_PATTERNS = [
    re.compile(r"wamid\.[A-Za-z0-9_=+/-]+"),
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    re.compile(r"\+\d(?:[\s./-]?\d){7,}"),
    re.compile(r"(?<![\w.])\d(?: ?\d){9,}(?![\w])"),  # spaces only: dates and times keep their digits
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def _exception_text(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    if record.exc_info and not record.exc_text:
        record.exc_text = formatter.formatException(record.exc_info)
    return record.exc_text or ""


class RedactingFormatter(logging.Formatter):
    """The usual text format, redacted (the record itself is left alone: other handlers see it as it was)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, process and, if any, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "process": record.process,
        }
        if exception := _exception_text(self, record):
            entry["exception"] = redact(exception)
        return json.dumps(entry, ensure_ascii=False)
