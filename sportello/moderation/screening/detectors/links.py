"""Links: off-topic and scam links (spam_link), plus what a link's address says about piracy and collections."""

from __future__ import annotations

from sportello.moderation.screening import context
from sportello.moderation.screening.detectors.base import Finding, Message
from sportello.moderation.screening.links import Link, find_links, judge
from sportello.moderation.screening.types import Category, Evidence


def detect(msg: Message) -> list[Finding]:
    doc, ctx = msg.doc, msg.ctx
    links = find_links(doc.original)
    if not links:
        return []
    checking = context.asks_if_genuine(doc)
    received = context.mentions_received_message(doc)
    trouble = context.link_trouble(doc)
    advert = msg.score(Category.PROMOTION) >= 0.5
    out: list[Finding] = []
    for link in links:
        verdict = judge(link, ctx.allowed_domains)
        if verdict.allowed:
            why = "allow-listed" if verdict.kind == "allowed" else "a map, photo or reference site"
            out.append(Finding(Category.SPAM_LINK, _evidence(link, verdict.kind, 0.0, why), cleared=why))
            continue
        start, end = link.span
        cleared = ""
        if checking:
            cleared = "shown to ask whether it is genuine"
        elif received and any(qs <= start and end <= qe for qs, qe in msg.quotes):
            cleared = "quotes a message the sender received"
        elif trouble and verdict.kind in ("unknown", "shortener") and len(verdict.signals) == 1:
            cleared = "the sender reports a link that does not work"
        for reason, weight in verdict.signals:
            out.append(Finding(Category.SPAM_LINK, _evidence(link, verdict.kind, weight, reason), cleared=cleared))
        if advert:
            out.append(Finding(Category.SPAM_LINK, _evidence(link, "advert", 0.35, "link in an advert"),
                               cleared=cleared))
        if verdict.kind == "fundraising":
            out.append(Finding(Category.FUNDRAISING, _evidence(link, "fundraising", 0.5, "collection platform")))
        if verdict.piracy_words:
            why = f"streaming or piracy words in the address: {', '.join(verdict.piracy_words)}"
            out.append(Finding(Category.COPYRIGHT, _evidence(link, "piracy", 0.4, why)))
    return out


def _evidence(link: Link, finder: str, weight: float, detail: str) -> Evidence:
    return Evidence(f"link:{finder}", link.span, link.url, link.host, weight, detail)
