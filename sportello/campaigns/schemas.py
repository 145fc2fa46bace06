"""What the campaigns API reads and answers (`api.py`)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ListOut(Schema):
    id: int
    municipality: str = Field(description="The municipality's slug")
    slug: str
    name: str
    description: str
    category: str
    category_label: str
    requires_consent: bool
    active: bool
    subscribers: int = Field(description="Active subscriptions")


class ListIn(Schema):
    municipality: str | None = Field(None, description="Slug; may be left out by staff of one municipality")
    slug: str
    name: str
    description: str = ""
    category: str = "news"
    requires_consent: bool = True
    tags: list[str] = []


class RecurrenceIn(Schema):
    weekdays: list[int] = Field(description="0 is Monday")
    time: str = Field(description="HH:MM, local time of the municipality")


class CampaignIn(Schema):
    municipality: str | None = Field(None, description="Slug; may be left out by staff of one municipality")
    title: str
    category: str = Field("news", description="emergency, public_utility or news")
    text: str = ""
    link: str = ""
    lists: list[int] = Field(description="Ids from GET /lists")
    channels: list[str] = Field([], description="Only subscribers on these channels; empty: every channel")
    template: int | None = Field(None, description="Approved template for closed WhatsApp windows")
    template_params: list[str] = Field([], description="One per {{n}}; may name {titolo}, {testo}, {link}, {comune}, {data}")
    send_at: datetime | None = None
    recurrence: RecurrenceIn | None = None
    source: str = Field("text", description="Weekly campaigns: text, news or bulletin")


class CampaignOut(Schema):
    id: int
    municipality: str
    title: str
    category: str
    category_label: str
    state: str
    state_label: str
    text: str
    link: str
    media_kind: str
    lists: list[int]
    channels: list[str]
    template: int | None
    template_params: list[str]
    send_at: datetime | None
    recurrence: dict
    created_by: str | None
    approved_by: str | None
    approved_at: datetime | None
    recipients_count: int
    started_at: datetime | None
    finished_at: datetime | None


class ChannelReport(Schema):
    channel: str
    label: str
    total: int
    accepted: int
    delivered: int
    read: int
    failed: int


class FailureReason(Schema):
    code: int | None
    reason: str
    count: int


class ReportOut(Schema):
    id: int
    state: str
    state_label: str
    recipients: int
    percent: int = Field(description="Of the recipients whose copy has been dealt with")
    states: dict[str, int]
    reached: dict[str, int] = Field(description="Cumulative: accepted, sent, delivered, read")
    channels: list[ChannelReport]
    failures: list[FailureReason]
