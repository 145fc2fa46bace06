"""Automatic screening of citizens' messages against the code of conduct (pure Python, no Django).

    from sportello.moderation.screening import ScreenContext, screen
    verdict = screen(text, ScreenContext.for_municipality(["comune.cagliari.it"], sender_phone="+39347..."))
    verdict.flagged, verdict.flagged_categories, verdict.categories[0].evidence

The same function screens captions and documents' file names.
"""

from sportello.moderation.screening.ml import Classifier, classifier_from_env, load_classifier
from sportello.moderation.screening.screen import DEFAULT_THRESHOLDS, ScreenConfig, screen, screen_many
from sportello.moderation.screening.types import (
    DEFAULT_ALLOWED_DOMAINS,
    Category,
    CategoryVerdict,
    Evidence,
    ScreenContext,
    Verdict,
)

__all__ = [
    "DEFAULT_ALLOWED_DOMAINS",
    "DEFAULT_THRESHOLDS",
    "Category",
    "CategoryVerdict",
    "Classifier",
    "Evidence",
    "ScreenConfig",
    "ScreenContext",
    "Verdict",
    "classifier_from_env",
    "load_classifier",
    "screen",
    "screen_many",
]
