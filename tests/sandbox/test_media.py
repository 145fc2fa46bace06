"""Media: upload with Meta's limits, metadata, download with the bearer token, fault injection."""

from __future__ import annotations

import base64
import hashlib

from .conftest import NUMBER, PNG, Receiver, Sandbox, fixture

AUTH = {"Authorization": f"Bearer {NUMBER.access_token}"}


def upload(sandbox: Sandbox, data: bytes, mime_type: str, name: str = "file") -> object:
    return sandbox.http.post(
        f"{sandbox.graph}/{NUMBER.phone_number_id}/media",
        data={"messaging_product": "whatsapp", "type": mime_type},
        files={"file": (name, data, mime_type)},
        headers=AUTH,
    )


def test_upload_then_download_with_bearer_and_faults(sandbox: Sandbox) -> None:
    response = upload(sandbox, PNG, "image/png", "buca.png")
    assert response.status_code == 200, response.text
    assert set(response.json()) == set(fixture("send/resp_media_upload.json"))
    media_id = response.json()["id"]

    info = sandbox.http.get(f"{sandbox.graph}/{media_id}", headers=AUTH).json()
    assert set(info) == set(fixture("send/resp_media_get_url.json"))
    assert info["mime_type"] == "image/png" and info["file_size"] == str(len(PNG))
    assert info["sha256"] == base64.b64encode(hashlib.sha256(PNG).digest()).decode()
    assert info["url"].startswith(f"{sandbox.base_url}/sandbox/media-download/")

    assert sandbox.http.get(info["url"]).status_code == 401
    assert sandbox.http.get(info["url"], headers={"Authorization": "Bearer nope"}).status_code == 401
    download = sandbox.http.get(info["url"], headers=AUTH)
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-type"] == "image/png"

    sandbox.api("POST", "faults", json={"media_id": media_id, "fail_times": 2})
    codes = [sandbox.http.get(info["url"], headers=AUTH).status_code for _ in range(3)]
    assert codes == [500, 500, 200]

    assert sandbox.http.get(f"{sandbox.graph}/{media_id}").status_code == 401
    assert sandbox.http.get(f"{sandbox.graph}/424242", headers=AUTH).status_code == 400


def test_upload_limits(sandbox: Sandbox) -> None:
    wrong_type = upload(sandbox, b"MZ...", "application/x-msdownload")
    assert wrong_type.status_code == 400 and wrong_type.json()["error"]["code"] == 100
    too_big = upload(sandbox, b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "image/jpeg")
    assert too_big.status_code == 400 and too_big.json()["error"]["code"] == 131053
    sticker = upload(sandbox, b"RIFF\0\0\0\0WEBPVP8 " + b"0" * (101 * 1024), "image/webp")
    assert sticker.status_code == 400  # a static sticker is limited to 100 KB
    animated = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\x02" + b"0" * (200 * 1024)
    assert upload(sandbox, animated, "image/webp").status_code == 200  # animated: 500 KB
    assert upload(sandbox, b"%PDF-1.7", "application/pdf", "modulo.pdf").status_code == 200


def test_sent_media_by_id_and_citizen_media_download(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.citizen(citizen="+393331234567", type="text", text={"body": "Salve"})
    media_id = upload(sandbox, b"%PDF-1.7", "application/pdf", "modulo.pdf").json()["id"]
    response = sandbox.send(
        {
            "to": "+393331234567",
            "type": "document",
            "document": {"id": media_id, "filename": "Modulo TARI.pdf", "caption": "Da firmare"},
        }
    )
    assert response.status_code == 200
    sent = sandbox.inbox("+393331234567")[-1]
    assert sent["media"]["id"] == media_id and sent["media"]["filename"] == "Modulo TARI.pdf"
    assert sent["media"]["mime_type"] == "application/pdf" and sent["text"] == "Da firmare"
    # an uploaded PDF cannot go out as an image
    assert (
        sandbox.send({"to": "+393331234567", "type": "image", "image": {"id": media_id}}).status_code == 400
    )

    voice = b"OggS\x00fake-opus"
    wamid = sandbox.citizen(
        citizen="+393331234567",
        type="audio",
        audio={
            "content_base64": base64.b64encode(voice).decode(),
            "mime_type": "audio/ogg; codecs=opus",
            "voice": True,
        },
    )["wamid"]
    audio = receiver.message(wamid)[0]["audio"]
    info = sandbox.http.get(f"{sandbox.graph}/{audio['id']}", headers=AUTH).json()
    assert info["sha256"] == audio["sha256"]
    assert sandbox.http.get(info["url"], headers=AUTH).content == voice
    assert sandbox.http.get(audio["url"], headers=AUTH).content == voice  # the URL in the webhook works too
