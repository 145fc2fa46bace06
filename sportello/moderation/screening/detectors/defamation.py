"""Defamation: an accusation of a crime or misconduct aimed at someone identifiable.

"Rubano tutti" is venting; an accusation that names who did it ("the councillor X took the money") names a person. The lexicon marks
accusations (role "accusation"); this detector adds the target when the same sentence names a person or an
office-holder ("il sindaco", "l'assessore ai lavori pubblici" are identifiable in a municipality).
"""

from __future__ import annotations

import re

from sportello.moderation.screening.detectors.base import Finding, Message
from sportello.moderation.screening.types import Category, Evidence

# One office-holder, in the singular: an identifiable person in a small administration.
_OFFICE_HOLDER = re.compile(
    r"(?<![^ ])(?:il|la|l|lo|quel|quella|quell|del|della|dell|al|alla|all|the|our) (?:sindac[oa]|vicesindac[oa]"
    r"|assessore|assessora|consigliere|consigliera|comandante|vigile|vigilessa|geometra|geom|ingegnere|architetto"
    r"|dirigente|funzionari[oa]|impiegat[oa]|segretari[oa]|responsabile|direttore|direttrice|preside|maestr[oa]"
    r"|dottor[e]?|dottoressa|presidente|tecnico|ragioniere|capoufficio|ispettore|ispettrice|maresciallo|parroco"
    r"|medico|assistente sociale|mayor|councillor)(?![^ ])"
)


def detect(msg: Message) -> list[Finding]:
    doc = msg.doc
    accusations = [f for f in msg.active(Category.DEFAMATION) if f.role == "accusation"]
    if not accusations:
        return []
    sentences = {doc.tokens[doc.token_at(f.evidence.span[0])].sent for f in accusations}
    targets: list[tuple[int, int, str]] = [
        (p.start, p.end, f"names {p.name}") for p in msg.persons if p.kind == "other"
    ]
    for m in _OFFICE_HOLDER.finditer(doc.joined):
        i, j = doc.token_range(m.start(), m.end())
        targets.append((i, j, f"aimed at {m.group()}"))
    out = []
    for i, j, why in targets:
        if doc.tokens[i].sent in sentences:
            start, end = doc.span(i, j)
            evidence = Evidence("defamation:target", (start, end), doc.original[start:end], doc.norm(i, j), 0.45, why)
            out.append(Finding(Category.DEFAMATION, evidence))
            break  # one identified target is enough
    return out

