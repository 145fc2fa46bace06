"""No raw state or kind code on any console page.

A supervisor and an operator walk every page the header's navigation and the settings hub offer them (so pages
added later are walked too), the detail pages those pages link to, and each conversation, case and citizen page,
with data in every state and kind. A page fails when its visible text shows a raw code: a choice value that differs
from its label (`in_progress`, `failed`…), a message kind, a dotted audit action (`moderation.strike`) or a raw
connection error (`[Errno 111] Connection refused`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sportello.configuration import sections
from sportello.connectors.base import MessageKind
from sportello.console import navigation, readable
from sportello.core.audit import audit
from sportello.core.models import AuditEntry
from tests.console.conftest import incoming, login, make_staff

pytestmark = pytest.mark.django_db

# The fields whose stored values must never be shown as they are.
CHOICE_FIELDS = (
    "conversations.Conversation.state", "conversations.Message.direction", "conversations.Message.status",
    "conversations.Attachment.state", "cases.Case.state", "cases.Case.source", "cases.CaseEvent.kind",
    "moderation.Review.state", "moderation.Review.origin", "moderation.Finding.category",
    "citizens.ConsentRecord.action", "citizens.Identity.kind", "broadcasts.Campaign.state",
    "broadcasts.Campaign.category", "broadcasts.Delivery.state",
)
MESSAGE_KINDS = [v for k, v in vars(MessageKind).items() if k.isupper() and isinstance(v, str)]
RAW_ERRORS = ("Errno", "Connection refused", "Traceback")
ERROR = "[Errno 111] Connection refused"
SKIP_LINKS = re.compile(r"\.(csv|pdf|json|geojson|xlsx|zip|ods|png|jpg)$|/esci|/logout|/allegati/|/esporta|/prove")

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
       b"\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def _field(path: str) -> Any:
    app_label, model, name = path.split(".")
    return apps.get_model(app_label, model)._meta.get_field(name)


def raw_codes() -> set[str]:
    """Choice values that differ from their label, message kinds, dotted actions; minus ordinary words."""
    pairs: list[tuple[str, str]] = []
    for path in CHOICE_FIELDS:
        pairs += [(str(value), str(label)) for value, label in _field(path).flatchoices]
    kind_labels = {"audio": "Audio", "video": "Video"}
    pairs += [(kind, kind_labels.get(kind, "")) for kind in MESSAGE_KINDS]
    label_words = {w for _, label in pairs for w in re.findall(r"\w+", label.lower())}
    codes = {value for value, label in pairs if value.lower() != label.lower() and value.lower() not in label_words}
    actions = set(AuditEntry.objects.values_list("action", flat=True)) | set(readable.ACTIONS)
    return codes | {a for a in actions if "." in a}


class VisibleText(HTMLParser):
    """Text a person reads as the page's words: no scripts, styles or attributes (a title tooltip may carry details
    for administrators), and no preformatted or code blocks (documents such as the record of processing list
    field names on purpose; placeholders like {email} are written as code)."""

    HIDDEN = {"script", "style", "template", "noscript", "pre", "code", "kbd"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.depth += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


def offending(text: str, codes: set[str]) -> list[str]:
    found = [code for code in codes if re.search(rf"(?<![\w.:/{{-]){re.escape(code)}(?![\w/}}-])", text)]
    return sorted(found + [e for e in RAW_ERRORS if e in text])


# --- data in every state and kind ------------------------------------------------------------------------------

def populate(client: Any, town: Any, boss: Any) -> dict[str, list[int]]:
    from sportello.broadcasts.models import Campaign, Delivery, MailingList, Subscription
    from sportello.cases.models import Case, CaseAttachment, CaseEvent, Department
    from sportello.citizens.models import Citizen, ConsentRecord
    from sportello.conversations.models import Attachment, Conversation, Message
    from sportello.moderation.models import Review, Strike
    from sportello.moderation.services import block_citizen

    conversation = incoming(client, "Buongiorno, vorrei sapere gli orari", phone="393330000001")
    closed = incoming(client, "Grazie di tutto", phone="393330000002")
    closed.state = Conversation.State.CLOSED
    closed.save()
    blocked = incoming(client, "Messaggio di un cittadino poi bloccato", phone="393330000003")
    now = timezone.now()

    def message(**fields: Any) -> Message:
        fields.setdefault("direction", Message.Direction.INBOUND)
        fields.setdefault("kind", MessageKind.TEXT)
        return Message.objects.create(municipality=town, conversation=conversation, sent_at=now, **fields)

    payloads = {MessageKind.LOCATION: {"latitude": 39.22, "longitude": 9.12, "name": "Piazza"},
                MessageKind.CONTACTS: {"contacts": [{"name": {"formatted_name": "Mario Rossi"}}]},
                MessageKind.INTERACTIVE: {"title": "Sì, grazie"}, MessageKind.BUTTON: {"text": "Conferma"}}
    for kind in MESSAGE_KINDS:
        message(kind=kind, payload=payloads.get(kind, {}))
    for status, _label in Message.Status.choices:
        failed = status == Message.Status.FAILED
        message(direction=Message.Direction.OUTBOUND, text="Risposta dell'ufficio", status=status, author=boss,
                error_title=ERROR if failed else "", error_code=131000 if failed else None)
    message(direction=Message.Direction.NOTE, text="Nota per i colleghi", author=boss)
    picture = message(kind=MessageKind.IMAGE)
    for state, _label in Attachment.State.choices:
        Attachment.objects.create(message=picture, kind=MessageKind.IMAGE, mime_type="image/jpeg", state=state,
                                  filename=f"foto-{state}.jpg" if state != "ready" else "",
                                  last_error=ERROR if state in ("failed", "rejected") else "")

    department = Department.objects.create(municipality=town, name="Ufficio tecnico", code="tecnico")
    case_ids = []
    for number, (state, _label) in enumerate(Case.State.choices, start=1):
        case = Case.objects.create(
            municipality=town, department=department, conversation=conversation, citizen=conversation.citizen,
            title="Buca in strada", reference=f"2026/{number}", year=2026, number=number, state=state,
            source=Case.Source.choices[number % len(Case.Source.choices)][0],
        )
        case.messages.add(picture)
        for kind, _kind_label in CaseEvent.Kind.choices:
            CaseEvent.objects.create(case=case, kind=kind, from_state="new", to_state=state, actor_label="bea")
        case_ids.append(case.pk)
    first_case = Case.objects.get(pk=case_ids[0])
    image = CaseAttachment(case=first_case, filename="buca.png", mime_type="image/png", size=len(PNG))
    image.file.save("buca.png", ContentFile(PNG), save=True)
    document = CaseAttachment(case=first_case, filename="verbale.pdf", mime_type="application/pdf", size=2048)
    document.file.save("verbale.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    for origin, _o in Review.Origin.choices:
        for state, _s in Review.State.choices:
            hidden = message(text="Parole da rivedere", hidden_at=now, hidden_reason="moderazione")
            Review.objects.create(municipality=town, message=hidden, citizen=conversation.citizen, origin=origin,
                                  state=state, categories=["threat"])
    Strike.objects.create(municipality=town, citizen=blocked.citizen, categories=["vulgar", "threat"])
    audit("moderation.strike", municipality=town, target=blocked.citizen, categories=["threat"])
    block_citizen(blocked.citizen, actor=boss, reason="minacce ripetute")

    news = MailingList.objects.create(municipality=town, name="Notizie dal Comune", slug="notizie")
    for action, _label in ConsentRecord.Action.choices:
        ConsentRecord.objects.create(citizen=conversation.citizen, action=action, words="SI")
    Subscription.objects.create(mailing_list=news, citizen=conversation.citizen)
    Subscription.objects.create(mailing_list=news, citizen=closed.citizen, active=False, unsubscribed_at=now)
    for state, _label in Campaign.State.choices:
        campaign = Campaign.objects.create(municipality=town, title=f"Avviso {_label}", text="Avviso ai cittadini",
                                           state=state, send_at=now + timedelta(days=1))
        campaign.lists.add(news)
    campaign = Campaign.objects.filter(municipality=town, state=Campaign.State.DONE).first()
    for n, (state, _label) in enumerate(Delivery.State.choices):
        recipient = Citizen.objects.create(municipality=town, display_name=f"Destinatario {n + 1}")
        Delivery.objects.create(campaign=campaign, citizen=recipient, account=conversation.account,
                                state=state, error_title=ERROR if state == "failed" else "")
    return {
        "conversations": [conversation.pk, closed.pk, blocked.pk],
        "cases": case_ids,
        "citizens": [conversation.citizen.pk, closed.citizen.pk, blocked.citizen.pk],
        "reviews": list(Review.objects.values_list("pk", flat=True)[:3]),
    }


# --- the walk ---------------------------------------------------------------------------------------------------

def discovered_pages(user: Any) -> list[str]:
    """What the header shows this user, and the settings hub's sections."""
    urls = [entry["url"] for entry in navigation.entries_for(user, "")]
    for section in sections.all_sections():
        try:
            urls.append(reverse(section.url_name))
        except NoReverseMatch:
            continue
    return list(dict.fromkeys(urls))


def detail_pages(data: dict[str, list[int]]) -> list[str]:
    pages = ["/?vista=tutte", "/?vista=bloccati", "/?vista=chiuse"]
    pages += [reverse("console:conversation", args=[pk]) for pk in data["conversations"]]
    pages += [reverse("cases:detail", args=[pk]) for pk in data["cases"]]
    pages += [reverse("console:citizen", args=[pk]) for pk in data["citizens"]]
    return pages


def walk(client: Any, start: list[str], codes: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Visit `start`, then the same-site detail links (paths with an id) those pages show, once each."""
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    queue = list(start)
    followed = 0
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = read(response.content.decode())
        found = offending(" ".join(page.parts), codes)
        if found:
            problems[url] = found
        if url in start:
            for href in page.links:
                target = urljoin(url, href)
                parsed = urlparse(target)
                if parsed.netloc and parsed.netloc != "testserver":
                    continue
                path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
                if re.search(r"/\d+/", parsed.path) and not SKIP_LINKS.search(parsed.path) and followed < 120:
                    queue.append(path)
                    followed += 1
    return problems, sorted(seen)


def test_the_vocabulary_holds_the_codes_the_issue_names():
    codes = raw_codes()
    assert {"in_progress", "new", "failed", "moderation.strike", "citizen.blocked", "image", "location"} <= codes
    assert "in" not in codes and "staff" not in codes and "audio" not in codes  # ordinary Italian words


def test_visible_text_ignores_attributes_and_scripts():
    page = read('<p title="in_progress">Pratica <span>in lavorazione</span></p><script>var s="failed";</script>')
    assert offending(" ".join(page.parts), {"in_progress", "failed"}) == []
    assert offending("Stato: in_progress · moderation.strike", {"in_progress", "moderation.strike"}) == [
        "in_progress", "moderation.strike"]
    assert offending(ERROR, set()) == ["Connection refused", "Errno"]
    assert offending("Variabili: {email}, {nome}", {"email"}) == []


@pytest.mark.parametrize("role", ["supervisor", "operator"])
def test_no_raw_code_on_any_console_page(client, town, role):
    boss = make_staff("bea", town, role="supervisor", first_name="Bea")
    data = populate(client, town, boss)
    user = boss if role == "supervisor" else make_staff("anna", town, first_name="Anna")
    login(client, user, verified=True)
    start = discovered_pages(user) + detail_pages(data)
    assert reverse("console:inbox") in start
    if role == "supervisor":
        assert reverse("console:labels") in start and reverse("cases:list") in start
    problems, visited = walk(client, start, raw_codes())
    assert len(visited) > len(start) / 2
    assert problems == {}, "\n".join(f"{url}: {codes}" for url, codes in sorted(problems.items()))
