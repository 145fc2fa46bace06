"""The message templates each simulated WhatsApp Business Account has, as Meta keeps them.

Seeded from ``SandboxConfig.templates`` on every business number's WABA (again after each reset), created,
approved or rejected at runtime (``templates_api.py``), listed by ``GET /{waba-id}/message_templates`` and checked
on every template send: an unknown name or language, or a template not approved, is refused with 132001.

A seed entry is small: ``{"name", "language", "category", "body", "header_text" | "header" (IMAGE, DOCUMENT,
VIDEO), "footer", "buttons": [quick-reply texts], "status"}``; everything but the name and body is optional.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from .errors import GraphError

STATUSES = ("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL", "ARCHIVED", "DELETED")
CATEGORIES = ("UTILITY", "MARKETING", "AUTHENTICATION")

# The templates Sportello's presets, demo and tests send: each business number has them approved.
DEFAULT_TEMPLATES: list[dict[str, Any]] = [
    {"name": "risposta_urp", "body": "Gentile {{1}}, l'URP del Comune ha risposto alla sua richiesta. Scriva qui per leggere la risposta."},
    {"name": "pratica_aperta", "body": "La sua segnalazione è stata registrata con il numero {{1}}. La terremo aggiornata qui."},
    {"name": "pratica_risolta", "body": "La sua segnalazione {{1}} è stata risolta. Grazie per la collaborazione."},
    {"name": "aggiornamento_pratica", "body": "Ci sono novità sulla sua pratica {{1}}. Scriva qui per saperne di più."},
    {"name": "allerta_urp", "body": "Comunicazione del {{1}}: {{2}}", "buttons": ["Ho letto"]},
    {"name": "allerta", "body": "Avviso del Comune: {{1}}"},
    {"name": "allerta_immagine", "header": "IMAGE", "body": "Comunicazione del {{1}}: {{2}}"},
    {
        "name": "sondaggio_gradimento",
        "body": (
            "Gentile cittadina, gentile cittadino, grazie per aver contattato l'URP del Comune. Ci aiuta a migliorare "
            "il servizio? Può rispondere a quattro brevi domande qui: {{1}} Grazie per il suo tempo."
        ),
    },
    {"name": "notizie_comune", "category": "MARKETING", "body": "Notizie dal {{1}}: {{2}}", "footer": "Rispondi STOP per non ricevere più notizie"},
]


@dataclass
class SandboxTemplate:
    id: str
    waba_id: str
    name: str
    language: str
    category: str
    status: str
    components: list[dict[str, Any]] = field(default_factory=list)
    rejected_reason: str = "NONE"
    quality: str = "UNKNOWN"

    @property
    def body(self) -> str:
        return next((str(c.get("text", "")) for c in self.components if c.get("type") == "BODY"), "")

    @property
    def buttons(self) -> list[str]:
        for component in self.components:
            if component.get("type") == "BUTTONS":
                return [str(b.get("text", "")) for b in component.get("buttons", [])]
        return []

    def meta(self) -> dict[str, Any]:
        """As ``GET /{waba-id}/message_templates`` lists it."""
        return {
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "status": self.status,
            "category": self.category,
            "parameter_format": "POSITIONAL",
            "components": self.components,
            "rejected_reason": self.rejected_reason,
            "quality_score": {"score": self.quality},
        }


def components_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Meta's components for a small seed entry (or the entry's own ``components`` when it has them)."""
    if isinstance(spec.get("components"), list):
        return [dict(c) for c in spec["components"] if isinstance(c, dict)]
    components: list[dict[str, Any]] = []
    if spec.get("header_text"):
        components.append({"type": "HEADER", "format": "TEXT", "text": str(spec["header_text"])})
    elif spec.get("header"):
        header = str(spec["header"]).upper()
        if header not in ("IMAGE", "DOCUMENT", "VIDEO"):
            raise ValueError(f"template {spec.get('name')!r}: header must be IMAGE, DOCUMENT or VIDEO")
        components.append({"type": "HEADER", "format": header})
    components.append({"type": "BODY", "text": str(spec.get("body") or "")})
    if spec.get("footer"):
        components.append({"type": "FOOTER", "text": str(spec["footer"])})
    if spec.get("buttons"):
        components.append({"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": str(b)} for b in spec["buttons"]]})
    return components


def check_spec(spec: Any) -> dict[str, Any]:
    """A seed or API entry, validated (ValueError naming what is wrong)."""
    if not isinstance(spec, dict):
        raise ValueError("a template is a JSON object")
    name = str(spec.get("name") or "").strip()
    if not name or len(name) > 512:
        raise ValueError("a template needs a name (at most 512 characters)")
    if not spec.get("body") and not isinstance(spec.get("components"), list):
        raise ValueError(f"template {name!r} needs a body")
    category = str(spec.get("category") or "UTILITY").upper()
    if category not in CATEGORIES:
        raise ValueError(f"template {name!r}: category must be one of {', '.join(CATEGORIES)}")
    status = str(spec.get("status") or "APPROVED").upper()
    if status not in STATUSES:
        raise ValueError(f"template {name!r}: status must be one of {', '.join(STATUSES)}")
    return {**spec, "name": name, "language": str(spec.get("language") or "it"), "category": category, "status": status}


class TemplateStore:
    """Every WABA's templates, by id; names are unique per WABA and language, as on Meta."""

    def __init__(self) -> None:
        self.by_id: dict[str, SandboxTemplate] = {}
        self._ids = itertools.count(1)

    def clear(self) -> None:
        self.by_id.clear()

    def of(self, waba_id: str) -> list[SandboxTemplate]:
        return sorted((t for t in self.by_id.values() if t.waba_id == waba_id), key=lambda t: (t.name, t.language))

    def find(self, waba_id: str, name: str, language: str) -> SandboxTemplate | None:
        return next(
            (t for t in self.by_id.values() if t.waba_id == waba_id and t.name == name and t.language == language), None
        )

    def define(self, waba_id: str, spec: dict[str, Any]) -> SandboxTemplate:
        """Create (or replace the content of) a template of the WABA; returns it."""
        spec = check_spec(spec)
        template = self.find(waba_id, spec["name"], spec["language"])
        if template is None:
            template = SandboxTemplate(
                id=str(spec.get("id") or f"{waba_id[-6:]}{next(self._ids):07d}"), waba_id=waba_id, name=spec["name"],
                language=spec["language"], category=spec["category"], status=spec["status"],
            )
            self.by_id[template.id] = template
        template.category, template.status = spec["category"], spec["status"]
        template.components = components_of(spec)
        template.rejected_reason = str(spec.get("rejected_reason") or "NONE")
        template.quality = str(spec.get("quality") or "UNKNOWN").upper()
        return template

    def check_send(self, waba_id: str, template: dict[str, Any]) -> SandboxTemplate:
        """The approved template a send names, or Meta's 132001."""
        name = str(template.get("name") or "")
        language = str((template.get("language") or {}).get("code") or "")
        found = self.find(waba_id, name, language)
        if found is None or found.status != "APPROVED":
            raise GraphError(
                132001,
                f"template name ({name}) does not exist in {language}"
                + ("" if found is None else f" (status {found.status})"),
            )
        return found
