"""Citizen-facing default texts address the citizen formally ("Lei"), never with "tu".

Scans the Italian source strings of the texts Sportello sends or shows to citizens by default: the keyword
commands' and consent answers (policies), moderation notices, case notifications, the survey, the web form and
its tracking page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "sportello"
CITIZEN_FACING = [
    "policies/pipeline.py", "policies/services.py", "moderation/services.py", "cases/notifications.py",
    "survey/i18n/it.py", "connectors/webform/templates/webform/form.html",
    "connectors/webform/templates/webform/tracking.html",
]
# Second-person singular forms ("tu"); a formal text uses "Lei" (può, scriva, La, Sua…). Button labels in the
# infinitive-like imperative ("Invia la richiesta") are the usual interface wording and are not flagged.
INFORMAL = re.compile(
    r"\b(ti|tu|tuo|tua|tuoi|tue|te|puoi|scrivi|scrivici|contattaci|hai|sei|devi|vuoi|ricevi|rispondi|accetti|"
    r"risulti|iscriviti|cancellati|cancellarti|iscriverti|contattarti|risponderti|aiutarti|riceverai|potrai|"
    r"dovrai|clicca|inserisci|scegli)\b",
    re.IGNORECASE,
)
ALLOWED: set[str] = set()
STRING = re.compile(r"""_\(\s*((?:"[^"]*"\s*)+)\)|\{% (?:translate|blocktranslate)[^%]*?"([^"]*)"|gettext\(\s*"([^"]*)"\s*\)""")


def _strings(path: Path) -> list[str]:
    text = path.read_text()
    found = []
    for match in STRING.finditer(text):
        raw = match.group(1) or match.group(2) or match.group(3) or ""
        found.append("".join(re.findall(r'"([^"]*)"', raw)) if match.group(1) else raw)
    if path.name == "it.py":  # survey: a dict of Italian texts
        found += re.findall(r':\s*"([^"]{12,})"', text)
    return found


def informal_words(text: str) -> list[str]:
    return [w for w in INFORMAL.findall(text) if w.lower() not in ALLOWED]


@pytest.mark.parametrize("relative", CITIZEN_FACING)
def test_citizen_texts_use_lei(relative):
    problems = {s: informal_words(s) for s in _strings(ROOT / relative) if informal_words(s)}
    assert problems == {}, problems


def test_the_scan_sees_informal_forms():
    assert informal_words("Per cancellarti scrivi «STOP».") == ["cancellarti", "scrivi"]
    assert informal_words("Per cancellarsi scriva «STOP». Può sempre scriverci qui.") == []


def _preset_texts(value, key: str = "") -> list[str]:
    """Every text a preset sends or shows to citizens: values of `*_text` / `text` keys, at any depth."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _preset_texts(v, str(k))]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _preset_texts(v, key)]
    if isinstance(value, str) and (key == "text" or key.endswith("_text")):
        return [value]
    return []


@pytest.mark.parametrize("name", ["cagliari", "ancona", "san-giuliano", "rimini", "livorno"])
def test_preset_texts_use_lei(name):
    from sportello.policies.presets import get_preset

    texts = _preset_texts(get_preset(name))
    assert texts, "the scan found no citizen text in the preset"
    problems = {t[:80]: informal_words(t) for t in texts if informal_words(t)}
    assert problems == {}, problems
