"""Evidence bundles: contents, restrictions, the office's record, and verification that catches tampering."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from sportello.conversations import ingest
from sportello.conversations.models import Message
from sportello.conversations.pipeline import runner
from sportello.core.models import AuditEntry
from sportello.moderation import evidence, services
from sportello.moderation.models import EvidenceExport
from sportello.municipalities.models import StaffMembership
from tests.conftest import post_webhook
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db

PHONE = "393331234567"


@pytest.fixture(autouse=True)
def _moderation_pipeline(settings):
    settings.SPORTELLO_INBOUND_PIPELINE = [
        "sportello.conversations.pipeline.steps.identify_citizen",
        "sportello.conversations.pipeline.steps.store_message",
        "sportello.moderation.pipeline.screen",
    ]
    runner.steps.cache_clear()
    yield
    runner.steps.cache_clear()


@pytest.fixture
def moderator(number):
    user = get_user_model().objects.create_user("ada")
    StaffMembership.objects.create(user=user, municipality=number.account.municipality, role="administrator")
    return user


@pytest.fixture
def threats(client, number):
    for text in ("Siete una manica di stronzi incompetenti", "Stia attento quando esce la sera, sindaco"):
        post_webhook(client, p.body(p.text_message(text, phone=PHONE, name="Mario Bianchi")))
    ingest.drain()
    return list(Message.objects.filter(direction="in").order_by("pk"))


def rezip(bundle: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(bundle))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                target.writestr(name, data)
    return out.getvalue()


def test_bundle_contents(moderator, threats):
    citizen = threats[0].conversation.citizen
    services.block_citizen(citizen, actor=moderator, reason="Minacce al sindaco")
    bundle = evidence.export_bundle(actor=moderator, reason="Esposto ai Carabinieri", citizen=citizen)
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "sportello-evidence-v1" and manifest["reason"] == "Esposto ai Carabinieri"
    assert manifest["generated_by"] == "ada"
    listed = {f["path"] for f in manifest["files"]}
    assert listed == set(archive.namelist()) - {"manifest.json", "SHA256SUMS"}
    messages = json.loads(archive.read("messages.json"))
    # What the citizen sent and what the office answered (the code-of-conduct notices).
    received = [m for m in messages if m["direction"] == "in"]
    assert [m["text"] for m in received] == [m.text for m in threats]
    assert all("regole di utilizzo" in m["text"] for m in messages if m["direction"] == "out")
    assert received[1]["screening"]["categories"] == ["threat"] and received[1]["hidden_at"]
    assert received[0]["inbound_event_path"] in listed
    raw = json.loads(archive.read(received[0]["inbound_event_path"]))
    assert raw["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] == threats[0].text
    citizens = json.loads(archive.read("citizens.json"))
    assert citizens[0]["identifiers"][0]["value"] == "+393331234567"
    actions = [e["action"] for e in json.loads(archive.read("audit.json"))]
    assert "citizen.blocked" in actions and "moderation.strike" in actions
    # The office's record, and the audit entry that says who disclosed the number, when and why.
    record = EvidenceExport.objects.get()
    assert record.manifest_sha256 == evidence.sha256(archive.read("manifest.json"))
    entry = AuditEntry.objects.get(action="moderation.evidence_exported")
    assert entry.data["reason"] == "Esposto ai Carabinieri" and entry.data["export"] == record.pk
    assert "3331234567" not in json.dumps(entry.data)


def test_selected_messages_only(moderator, threats):
    bundle = evidence.export_bundle(actor=moderator, reason="Solo la minaccia", messages=[threats[1]])
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(bundle.content)).read("manifest.json"))
    assert manifest["messages"] == [threats[1].pk] and len(manifest["events"]) == 1


def test_reason_is_required(moderator, threats):
    with pytest.raises(services.ModerationError):
        evidence.export_bundle(actor=moderator, reason=" ", citizen=threats[0].conversation.citizen)
    assert not EvidenceExport.objects.exists()


def test_operators_cannot_export(client, number, threats):
    user = get_user_model().objects.create_user("anna")
    StaffMembership.objects.create(user=user, municipality=number.account.municipality, role="operator")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/moderazione/prove", {"citizen": threats[0].conversation.citizen_id, "reason": "x"})
    assert response.status_code == 403 and not EvidenceExport.objects.exists()


@pytest.fixture
def bundle(moderator, threats) -> evidence.Bundle:
    return evidence.export_bundle(actor=moderator, reason="Denuncia", citizen=threats[0].conversation.citizen)


def test_untouched_bundle_verifies(bundle):
    result = evidence.verify_bundle(bundle.content, expected_manifest_sha256=bundle.manifest_sha256)
    assert result.ok and result.checked == len(json.loads(
        zipfile.ZipFile(io.BytesIO(bundle.content)).read("manifest.json"))["files"])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda n, d: d.replace(b"stronzi", b"signori") if n == "messages.json" else d,
         "messages.json: SHA-256 does not match"),
        (lambda n, d: None if n == "report.pdf" else d, "report.pdf: missing"),
        (lambda n, d: d + b" " if n.startswith("events/") else d, "SHA-256 does not match"),
    ],
)
def test_tampering_fails(bundle, change, problem):
    result = evidence.verify_bundle(rezip(bundle.content, change))
    assert not result.ok and any(problem in p for p in result.problems), result.problems


def test_extra_file_and_rewritten_manifest_are_caught(bundle, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    extra = io.BytesIO()
    with zipfile.ZipFile(extra, "w") as out:
        for name in archive.namelist():
            out.writestr(name, archive.read(name))
        out.writestr("media/aggiunto.jpg", b"not from the citizen")
    assert evidence.verify_bundle(extra.getvalue()).problems == ["media/aggiunto.jpg: not listed in the manifest"]

    # A forger who edits a file and rewrites the manifest to match: the hashes agree, the office's record does not.
    manifest = json.loads(archive.read("manifest.json"))
    forged_messages = archive.read("messages.json").replace(b"stronzi", b"signori")
    for entry in manifest["files"]:
        if entry["path"] == "messages.json":
            entry["sha256"], entry["size"] = evidence.sha256(forged_messages), len(forged_messages)
    sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"]).encode()
    forged = rezip(bundle.content, lambda n, d: {"messages.json": forged_messages, "SHA256SUMS": sums,
                                                 "manifest.json": json.dumps(manifest).encode()}.get(n, d))
    assert evidence.verify_bundle(forged).ok  # internally consistent…
    path = tmp_path / "forged.zip"
    path.write_bytes(forged)
    with pytest.raises(CommandError):  # …but not what the office exported
        call_command("verify_evidence", str(path), stdout=io.StringIO())


def test_command_accepts_the_original(bundle, tmp_path):
    path = tmp_path / "fascicolo.zip"
    path.write_bytes(bundle.content)
    out = io.StringIO()
    call_command("verify_evidence", str(path), stdout=out)
    assert "OK" in out.getvalue() and f"export {bundle.export.pk}" in out.getvalue()


def test_not_a_zip():
    assert evidence.verify_bundle(b"hello").problems == ["not a ZIP file"]


def test_long_messages_fit_the_report(client, number, moderator):
    long_text = "Stronzi " + "parola " * 580  # near WhatsApp's 4,096 characters: one table row must fit a page
    post_webhook(client, p.body(p.text_message(long_text, phone=PHONE)))
    ingest.drain()
    message = Message.objects.get(direction="in")
    bundle = evidence.export_bundle(actor=moderator, reason="Denuncia", messages=[message])
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    assert archive.read("report.pdf").startswith(b"%PDF")
    assert json.loads(archive.read("messages.json"))[0]["text"] == long_text
