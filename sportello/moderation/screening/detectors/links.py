"""Links: off-topic and scam links (spam_link), plus what a link's address says about piracy and collections."""

from __future__ import annotations

from sportello.moderation.screening import context
from sportello.moderation.screening.detectors.base import Finding, Message
from sportello.moderation.screening.links import find_links, judge
from sportello.moderation.screening.types import Category, Evidence


def detect(msg: Message) -> list[Finding]:
    doc, ctx = msg.doc, msg.ctx
    links = find_links(doc.original)
    if not links:
        return []
    checking = context.asks_if_genuine(doc)
    received = context.mentions_received_message(doc)
    advert = msg.score(Category.PROMOTION) >= 0.5
    out: list[Finding] = []
    for link in links:
        verdict = judge(link, ctx.allowed_domains)
        start, end = link.span

        def evidence(finder: str, weight: float, detail: str) -> Evidence:
            return Evidence(f"link:{finder}", (start, end), link.url, link.host, weight, detail)

        if verdict.allowed:
            out.append(Finding(Category.SPAM_LINK, evidence(verdict.kind, 0.0, "allow-listed or harmless site"),
                               cleared=f"{link.host} is allow-listed" if verdict.kind == "allowed"
                               else f"{link.host} is a map or reference site"))
            continue
        cleared = ""
        if checking:
            cleared = "shown to ask whether it is genuine"
        elif received and any(qs <= start and end <= qe for qs, qe in msg.quotes):
            cleared = "quotes a message the sender received"
        for reason, weight in verdict.signals:
            out.append(Finding(Category.SPAM_LINK, evidence(verdict.kind, weight, reason), cleared=cleared))
        if advert:
            out.append(Finding(Category.SPAM_LINK, evidence("advert", 0.35, "link in an advert"), cleared=cleared))
        if verdict.kind == "fundraising":
            out.append(Finding(Category.FUNDRAISING, evidence("fundraising", 0.5, "collection platform")))
        if verdict.piracy_words:
            out.append(Finding(Category.COPYRIGHT, evidence(
                "piracy", 0.4, f"streaming or piracy words in the address: {', '.join(verdict.piracy_words)}")))
    return out
