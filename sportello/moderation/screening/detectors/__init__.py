"""Detectors: each turns the normalised message into findings for one family of rules.

They run in this order and each sees what the previous ones found, because some rules depend on others: a phone
number in an advert is the advert's contact, not someone's privacy; an accusation is defamation only when it names
someone.
"""

from __future__ import annotations

from sportello.moderation.screening.detectors import defamation, lexical, links, personal
from sportello.moderation.screening.detectors.base import Detector, Finding, Message, combine

PIPELINE: tuple[Detector, ...] = (lexical.detect, links.detect, personal.detect, defamation.detect)

__all__ = ["PIPELINE", "Detector", "Finding", "Message", "combine"]
