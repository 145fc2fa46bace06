"""Moderation defaults, read from the environment; each municipality can override them in the admin.

    SPORTELLO_MODERATION_ENABLED=true        screen every inbound message
    SPORTELLO_MODERATION_STRIKES=3           violations (strikes) that block a citizen automatically; 0 = never
    SPORTELLO_MODERATION_STRIKE_DAYS=180     how long a strike counts
"""

from __future__ import annotations

from dataclasses import dataclass

from sportello.env import envbool, envint
from sportello.moderation.screening import Category


def enabled_default() -> bool:
    return envbool("SPORTELLO_MODERATION_ENABLED", True)


def strikes_default() -> int:
    return envint("SPORTELLO_MODERATION_STRIKES", 3)


def strike_days_default() -> int:
    return envint("SPORTELLO_MODERATION_STRIKE_DAYS", 180)


@dataclass(frozen=True)
class Action:
    """What happens when the screen flags a category. A flagged message always enters the review queue."""

    hide: bool = True  # out of the inbox at once, into quarantine
    notify: bool = True  # the citizen gets the code-of-conduct notice
    strike: bool = True  # counts towards the automatic block


# The code of conduct says such messages "are deleted": hiding at once is the default for every category.
# Someone else's personal data is hidden (it must not sit in front of every operator) but is no strike: citizens
# usually pass on a neighbour's number to help, not to harm.
DEFAULT_ACTIONS: dict[Category, Action] = {category: Action() for category in Category}
DEFAULT_ACTIONS[Category.THIRD_PARTY_PII] = Action(hide=True, notify=True, strike=False)
