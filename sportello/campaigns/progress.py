"""How far a campaign's sending has got, for the live progress bar and the API."""

from __future__ import annotations

from dataclasses import dataclass

from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign

# While the campaign is in one of these, the page keeps asking (the scheduler may start a scheduled one any second).
LIVE_STATES = {Campaign.State.SCHEDULED, Campaign.State.SENDING}


@dataclass
class Progress:
    total: int
    waiting: int  # queued or being sent right now
    accepted: int  # taken by the channel (then sent, delivered, read)
    delivered: int
    read: int
    failed: int
    cancelled: int
    percent: int  # of the recipients whose copy has been dealt with
    live: bool

    @property
    def processed(self) -> int:
        return self.total - self.waiting


def progress_of(campaign: Campaign) -> Progress:
    funnel = services.funnel(campaign)
    states, total = funnel["states"], funnel["total"]
    waiting = states["queued"] + states["sending"]
    percent = 100 if total == 0 else int(100 * (total - waiting) / total)
    if percent == 100 and waiting:
        percent = 99  # never 100 % while a copy is still out
    return Progress(
        total=total, waiting=waiting, accepted=funnel["reached"]["accepted"], delivered=funnel["reached"]["delivered"],
        read=funnel["reached"]["read"], failed=states["failed"], cancelled=states["cancelled"],
        percent=percent if campaign.state != Campaign.State.SCHEDULED else 0,
        live=campaign.state in LIVE_STATES,
    )
