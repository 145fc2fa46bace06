"""Mail server URLs as the configuration gives them: `imaps://user:pass@host:993/INBOX`, `smtp://host:25`…

User and password are percent-encoded as in any URL (`urp%40comune.it`); they are decoded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

IMAP_SCHEMES = {"imap": 143, "imaps": 993}
SMTP_SCHEMES = {"smtp": 25, "smtps": 465}


class BadMailURL(ValueError):
    pass


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int
    username: str
    password: str
    path: str  # IMAP: the folder (default INBOX)
    starttls: str  # "required", "optional" or "never" (implicit TLS schemes use "never": they are TLS already)
    verify_tls: bool

    @property
    def implicit_tls(self) -> bool:
        return self.scheme in {"imaps", "smtps"}

    def __repr__(self) -> str:  # never print a password
        return f"Endpoint({self.scheme}://{self.host}:{self.port})"


def _parse(url: str, schemes: dict[str, int]) -> Endpoint:
    parts = urlsplit(url.strip())
    if parts.scheme not in schemes:
        raise BadMailURL(f"scheme must be one of {', '.join(sorted(schemes))}, not {parts.scheme!r}")
    if not parts.hostname:
        raise BadMailURL("the URL has no host")
    try:
        port = parts.port or schemes[parts.scheme]
    except ValueError as exc:
        raise BadMailURL("the URL has a bad port") from exc
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    username = unquote(parts.username or "")
    password = unquote(parts.password or "")
    if parts.scheme in {"imaps", "smtps"}:
        starttls = "never"
    elif "starttls" in query:
        starttls = {"0": "never", "no": "never", "1": "required", "yes": "required"}.get(query["starttls"], "optional")
    else:
        # Credentials never travel in clear: with a login, STARTTLS is required unless the URL says otherwise.
        starttls = "required" if username else "optional"
    return Endpoint(
        scheme=parts.scheme,
        host=parts.hostname,
        port=port,
        username=username,
        password=password,
        path=unquote(parts.path.lstrip("/")),
        starttls=starttls,
        verify_tls=query.get("verify", "1") not in {"0", "no", "false"},
    )


def parse_imap_url(url: str) -> Endpoint:
    return _parse(url, IMAP_SCHEMES)


def parse_smtp_url(url: str) -> Endpoint:
    return _parse(url, SMTP_SCHEMES)
