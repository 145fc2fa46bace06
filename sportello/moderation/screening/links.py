"""Links in a message: extraction (schemes, www., bare domains, shorteners) and a judgement against the allow-list.

Extraction works on the raw text so spans are the citizen's own offsets. A link is judged by its host and path only;
what the surrounding words say (a prize, a quoted SMS) is the spam detector's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Top-level domains accepted for bare domains ("streamfree-calcio.xyz"). Kept explicit so that Italian abbreviations
# with dots ("sig.ra", "dott.ssa", "S.p.A.") and file names ("foto.jpg", "video.mov", "atti.zip") are not links.
BARE_TLDS = (
    "it com net org eu info biz xyz top bet cc tv me ly gl gd co io app online site club vip win shop store live "
    "link click loan icu buzz casino stream money cash ru cn tk ml ga cf gq pw ws su sh ch de fr uk es at be nl "
    "pl ro al ua us ca au news blog fun lol work rest fit cam sbs cfd quest monster party review racing download "
    "gdn bid trade webcam poker games promo deals sale bio page one pro mobi name tel am fm to in"
).split()

# Scams favour cheap or throw-away TLDs; none of them hosts an Italian public service.
SUSPICIOUS_TLDS = frozenset(
    "xyz top bet cc click loan win vip icu buzz casino stream tk ml ga cf gq pw su work rest fit cam sbs cfd quest "
    "monster party review racing download gdn bid trade webcam poker lol shop promo deals sale".split()
)
SHORTENERS = frozenset(
    "bit.ly bitly.com tinyurl.com t.ly goo.gl ow.ly is.gd v.gd cutt.ly rebrand.ly shorturl.at t.co buff.ly tiny.cc "
    "rb.gy s.id bl.ink lnkd.in shorte.st adf.ly tiny.one shrtco.de u.to cli.re short.io qrco.de linktr.ee".split()
)
# Invitations to private channels: the classic vehicle of crypto and "offerte" spam.
INVITES = frozenset(
    "t.me telegram.me telegram.dog chat.whatsapp.com wa.me discord.gg signal.group whatsapp.com".split()
)
FUNDRAISING_HOSTS = frozenset(
    "gofundme.com gofund.me paypal.me paypal.com leetchi.com buonacausa.org retedeldono.it produzionidalbasso.com "
    "ko-fi.com patreon.com satispay.com donorbox.org justgiving.com".split()
)
# Sites citizens use to show where a problem is or to send its photos: never spam in themselves.
NEUTRAL_HOSTS = ("maps.google.", "google.com/maps", "google.it/maps", "maps.app.goo.gl", "goo.gl/maps",
                 "openstreetmap.org", "wikipedia.org", "wikimedia.org", "photos.app.goo.gl", "photos.google.com",
                 "drive.google.com", "icloud.com/photos", "wetransfer.com", "we.tl/")

_SCAM_WORDS = (
    "casino", "bet", "bonus", "crypto", "bitcoin", "btc", "forex", "trading", "profit", "premi", "prize", "winner",
    "vinci", "gratis", "free", "xxx", "porn", "sex", "dating", "loan", "prestit", "offert", "sconti", "promo",
    "cash", "money", "soldi", "guadagn", "lucky", "spin", "slot", "poker", "airdrop", "giveaway", "omaggio",
    "regalo", "ritira", "claim", "truffa", "earn", "rich", "outlet", "saldi", "deal", "bonus", "cheap", "follower",
)
_PIRACY_WORDS = ("stream", "iptv", "film", "movie", "calcio", "serie", "torrent", "live", "partit", "match", "sport")
# Names of public bodies inside a host that is *not* allow-listed: the shape of phishing ("pagopa-rimborsi.com").
_IMPERSONATED = ("pagopa", "inps", "agenziaentrate", "agenzia-entrate", "poste", "spid", "comune", "tari", "imu",
                 "rimborso", "rimborsi", "gov", "anpr", "ministero", "governo", "equitalia", "riscossione")

# Known shorteners and platforms are links whatever their TLD ("rb.gy", "discord.gg").
_KNOWN_TLDS = {h.rsplit(".", 1)[1] for h in SHORTENERS | INVITES | FUNDRAISING_HOSTS}
_TLD_ALTERNATION = "|".join(sorted(set(BARE_TLDS) | _KNOWN_TLDS, key=lambda t: (-len(t), t)))
_URL_CHARS = r"[^\s<>\"'«»“”‘’]"
URL_RE = re.compile(
    r"(?:(?:https?://|www\.)" + _URL_CHARS + r"+)"
    r"|(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:" + _TLD_ALTERNATION + r")"
    r"(?::\d{2,5})?(?:/" + _URL_CHARS + r"*)?(?![\w\-@])",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"(?<![\w.+\-])[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*"
                      r"\.[a-z]{2,}(?![\w\-])", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"…"


@dataclass(frozen=True)
class Link:
    url: str
    host: str
    path: str
    span: tuple[int, int]


@dataclass(frozen=True)
class LinkJudgement:
    """`kind` is allowed / neutral / fundraising / shortener / invite / unknown; `signals` are (reason, weight)."""

    link: Link
    kind: str
    signals: tuple[tuple[str, float], ...]
    piracy_words: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return self.kind in ("allowed", "neutral")


# "Contattami su Telegram @cryptomaster": a handle on a messaging app is a link to a private channel.
HANDLE_RE = re.compile(r"\b(telegram|instagram|insta|ig|tiktok|tg|whatsapp)\W{1,3}(@[a-z0-9_.]{4,})", re.IGNORECASE)
_HANDLE_HOSTS = {"telegram": "t.me", "tg": "t.me", "whatsapp": "wa.me", "instagram": "instagram.com",
                 "insta": "instagram.com", "ig": "instagram.com", "tiktok": "tiktok.com"}


def find_links(text: str) -> list[Link]:
    emails = [m.span() for m in EMAIL_RE.finditer(text)]
    links: list[Link] = [
        Link(url=m.group(2), host=_HANDLE_HOSTS[m.group(1).lower()], path=m.group(2)[1:].lower(), span=m.span(2))
        for m in HANDLE_RE.finditer(text)
    ]
    for m in URL_RE.finditer(text):
        start, end = m.span()
        if any(s <= start < e for s, e in emails):
            continue  # the domain of an e-mail address is not a link
        url = m.group().rstrip(_TRAILING)
        end = start + len(url)
        bare = re.sub(r"^(?:https?://)?", "", url, flags=re.IGNORECASE)
        host, _, path = bare.partition("/")
        host = host.split(":")[0].lower().rstrip(".")
        host = host.removeprefix("www.")
        if not re.search(r"[a-z]", host.split(".")[0] if "." in host else host) and not _is_ip(host):
            continue  # "18.000.it"-like artefacts
        links.append(Link(url=url, host=host, path=path.lower(), span=(start, end)))
    return links


def find_emails(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(m.group(), m.span()) for m in EMAIL_RE.finditer(text)]


def domain_allowed(host: str, patterns: tuple[str, ...]) -> bool:
    labels = host.lower().split(".")
    return any(_pattern_matches(p, tuple(labels)) for p in patterns)


def judge(link: Link, allowed: tuple[str, ...]) -> LinkJudgement:
    host, path = link.host, link.path
    full = f"{host}/{path}"
    piracy = tuple(w for w in _PIRACY_WORDS if w in full)
    if domain_allowed(host, allowed):
        return LinkJudgement(link, "allowed", (), ())
    if any(n in full for n in NEUTRAL_HOSTS):
        return LinkJudgement(link, "neutral", (), ())
    signals: list[tuple[str, float]] = []
    if _host_in(host, FUNDRAISING_HOSTS):
        return LinkJudgement(link, "fundraising", (("fundraising platform", 0.15),), piracy)
    kind = "unknown"
    if host in SHORTENERS:  # exact: "photos.app.goo.gl" is Google Photos, not the goo.gl shortener
        kind = "shortener"
        signals.append(("shortener hides the destination", 0.5))
    elif _host_in(host, INVITES) or "joinchat" in path or path.startswith("invite"):
        kind = "invite"
        signals.append(("invitation to a private channel", 0.45))
    else:
        signals.append(("off-topic external link", 0.3))
    tld = host.rsplit(".", 1)[-1]
    if tld in SUSPICIOUS_TLDS:
        signals.append((f"throw-away TLD .{tld}", 0.45))
    if _is_ip(host) or host.startswith("xn--") or ".xn--" in host or "@" in link.url:
        signals.append(("disguised host", 0.5))
    scam = [w for w in _SCAM_WORDS if w in full]
    if scam:
        signals.append((f"scam words in link: {', '.join(scam[:3])}", 0.45 if len(scam) > 1 else 0.3))
    brands = [w for w in _IMPERSONATED if w in host]
    if brands:
        signals.append((f"imitates a public body: {brands[0]}", 0.5))
    return LinkJudgement(link, kind, tuple(signals), piracy)


def _host_in(host: str, hosts: frozenset[str]) -> bool:
    return host in hosts or any(host.endswith("." + h) for h in hosts)


def _is_ip(host: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host))


@lru_cache(maxsize=256)
def _labels(pattern: str) -> tuple[str, ...]:
    labels = tuple(pattern.lower().strip().lstrip(".").split("."))
    return labels[1:] if labels and labels[0] == "*" else labels


def _pattern_matches(pattern: str, host: tuple[str, ...]) -> bool:
    # Every pattern covers sub-domains ("servizi.inps.it" is INPS), so "*.gov.it" and "gov.it" mean the same.
    labels = _labels(pattern)
    if not labels or len(host) < len(labels):
        return False
    suffix = host[len(host) - len(labels):]
    return all(p == "*" or p == h for p, h in zip(labels, suffix))
