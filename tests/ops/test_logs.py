"""Logs carry no phone numbers, e-mail addresses or WhatsApp message ids; SPORTELLO_LOG_FORMAT=json gives one JSON
object per line."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

from sportello.ops.logs import JsonFormatter, RedactingFormatter, redact


def _logged(formatter: logging.Formatter, message: str, *args: object, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("sportello.test.logs")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        if exc is None:
            logger.warning(message, *args)
        else:
            try:
                raise exc
            except type(exc):
                logger.exception(message, *args)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue()


def test_redaction_of_numbers_addresses_and_message_ids():
    assert redact("from +39 347 123 4567 and 393471234567 and 347 123 4567") == (
        "from [redacted] and [redacted] and [redacted]"
    )
    assert redact("mail to mario.rossi@comune.example.it") == "mail to [redacted]"
    assert redact("message wamid.HBgMMzkzNDcxMjM0NTY3FQIAEhgg failed") == "message [redacted] failed"
    # What operators need stays: row ids, counts, durations, HTTP codes, times.
    kept = "inbound event 48213 failed after 3 attempts in 0.25 s (HTTP 503) at 2026-12-06 07:45:11"
    assert redact(kept) == kept


def test_json_lines_without_personal_data_even_in_arguments_and_tracebacks():
    line = _logged(JsonFormatter(), "send to %s failed", "+393471234567",
                   exc=ValueError("bad recipient rosa@example.org"))
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "sportello.test.logs"
    assert entry["message"] == "send to [redacted] failed"
    assert "ValueError: bad recipient [redacted]" in entry["exception"]
    assert "3471234567" not in line and "rosa@" not in line
    assert set(entry) == {"time", "level", "logger", "message", "process", "exception"}


def test_plain_format_is_redacted_too():
    line = _logged(RedactingFormatter("%(levelname)s %(message)s"), "citizen %s wrote", "+39 333 1234567")
    assert line == "WARNING citizen [redacted] wrote\n"


def test_other_handlers_see_the_record_unchanged(caplog):
    _logged(JsonFormatter(), "citizen %s wrote", "+39 333 1234567")
    _logged(RedactingFormatter("%(message)s"), "citizen %s wrote", "+39 333 1234567")
    logging.getLogger("sportello.test.logs").warning("citizen %s wrote", "+39 333 1234567")
    assert caplog.records[-1].getMessage() == "citizen +39 333 1234567 wrote"


def test_settings_switch_the_console_handler_to_json(tmp_path):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('sportello.x').error('number %s', '+393331234567')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "sportello.settings", "SPORTELLO_LOG_FORMAT": "json",
           "SPORTELLO_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert (entry["logger"], entry["message"]) == ("sportello.x", "number [redacted]")
