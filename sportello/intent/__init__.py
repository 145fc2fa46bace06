"""Report detection: tells a report or complaint from a question, spots bookings and subscriptions.

Used to apply a municipality's redirects (reports to an app or e-mail, some bookings elsewhere). Where unsure,
the decision abstains and nothing is redirected. Pure Python, no Django.
"""

from sportello.intent.classifier import IntentConfig, KindClassifier, KindVerdict, classify_kind
from sportello.intent.cues import CUES, KINDS, CueGroup
from sportello.intent.decision import (
    DEFAULT_BOOKING_THRESHOLD,
    DEFAULT_REPORT_THRESHOLD,
    RedirectDecision,
    RedirectRule,
    decide_redirect,
    is_booking,
    is_report,
)

__all__ = [
    "CUES",
    "DEFAULT_BOOKING_THRESHOLD",
    "DEFAULT_REPORT_THRESHOLD",
    "KINDS",
    "CueGroup",
    "IntentConfig",
    "KindClassifier",
    "KindVerdict",
    "RedirectDecision",
    "RedirectRule",
    "classify_kind",
    "decide_redirect",
    "is_booking",
    "is_report",
]
