"""The five seed services as data (`PRESET` dicts, one module each) and `apply_preset`, which applies one to a
municipality idempotently: applying it twice changes nothing; applying it again after edits in the admin
restores the preset's rules (lists and consent evidence are never deleted).
"""

from __future__ import annotations

from datetime import date, time
from importlib import import_module
from typing import Any

from django.db import transaction

from sportello.core.audit import audit

PRESET_MODULES = {
    "cagliari": "cagliari",
    "ancona": "ancona",
    "san-giuliano": "san_giuliano",
    "rimini": "rimini",
    "livorno": "livorno",
}
NAMES = tuple(PRESET_MODULES)


class UnknownPreset(ValueError):
    pass


def get_preset(name: str) -> dict[str, Any]:
    key = name.strip().lower().replace("_", "-")
    if key not in PRESET_MODULES:
        raise UnknownPreset(f"unknown preset {name!r}; choose one of: {', '.join(NAMES)}")
    return import_module(f"{__name__}.{PRESET_MODULES[key]}").PRESET


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def apply_preset(name: str, municipality: Any) -> dict[str, Any]:
    """Configure `municipality` as the preset's service; returns a summary of what it holds."""
    return apply_preset_data(get_preset(name), municipality)


@transaction.atomic
def apply_preset_data(preset: dict[str, Any], municipality: Any) -> dict[str, Any]:
    """Apply a preset given as data (a `PRESET` dict, or the first run's blank defaults)."""
    from sportello.broadcasts.models import MailingList
    from sportello.citizens.models import ConsentPolicy, ConsentRecord
    from sportello.municipalities.models import ChannelAccount
    from sportello.policies.models import (
        ChannelPolicy,
        Closure,
        KeywordCommand,
        OpeningInterval,
        Redirect,
        ServicePolicy,
    )

    for field, value in preset.get("municipality", {}).items():
        setattr(municipality, field, value)
    municipality.save()

    service, _ = ServicePolicy.objects.get_or_create(municipality=municipality)
    defaults = {f.name: f.get_default() for f in ServicePolicy._meta.concrete_fields
                if f.editable and f.name not in {"id", "municipality"}}
    for field, value in {**defaults, **preset.get("service", {})}.items():
        setattr(service, field, value)
    service.preset = preset["name"]
    service.save()

    OpeningInterval.objects.filter(policy=service).delete()
    OpeningInterval.objects.bulk_create(
        OpeningInterval(policy=service, weekday=int(day), opens=_time(a), closes=_time(b))
        for day, spans in preset.get("hours", {}).items() for a, b in spans
    )
    Closure.objects.filter(policy=service).delete()
    for closure in preset.get("closures", []):
        Closure.objects.create(
            policy=service, name=closure["name"], starts=date.fromisoformat(closure["starts"]),
            ends=date.fromisoformat(closure["ends"]), every_year=closure.get("every_year", False),
            reply_text=closure.get("reply_text", ""),
        )

    channel = preset.get("channel", {})
    for account in ChannelAccount.objects.filter(municipality=municipality):
        ChannelPolicy.objects.update_or_create(
            account=account,
            defaults={
                "mode": channel.get("mode", ChannelPolicy.Mode.TWO_WAY),
                "report_redirect_text": channel.get("report_redirect_text", ""),
                "outbound_only_text": channel.get("outbound_only_text", ""),
            },
        )

    redirect_names = [r["name"] for r in preset.get("redirects", [])]
    Redirect.objects.filter(municipality=municipality).exclude(name__in=redirect_names).delete()
    for redirect in preset.get("redirects", []):
        Redirect.objects.update_or_create(
            municipality=municipality, name=redirect["name"],
            defaults={"kind": redirect["kind"], "topics": list(redirect.get("topics", [])),
                      "text": redirect["text"], "active": True},
        )

    lists = {}
    for item in preset.get("lists", []):
        mailing_list, _ = MailingList.objects.update_or_create(
            municipality=municipality, slug=item["slug"],
            defaults={
                "name": item["name"], "description": item.get("description", ""),
                "category": item.get("category", MailingList.Category.NEWS), "tags": list(item.get("tags", [])),
                "requires_consent": item.get("requires_consent", True), "active": True,
            },
        )
        lists[item["slug"]] = mailing_list

    for item in preset.get("policies", []):
        policy = ConsentPolicy.objects.filter(municipality=municipality, version=item["version"]).first()
        if policy is None:
            ConsentPolicy.objects.create(
                municipality=municipality, version=item["version"], title=item["title"], text=item["text"],
                list_kinds=list(item.get("list_kinds", [])), active=True,
            )
        elif not ConsentRecord.objects.filter(policy=policy).exists():
            # Nobody accepted this version yet: it may still be corrected in place.
            policy.title, policy.text = item["title"], item["text"]
            policy.list_kinds, policy.active = list(item.get("list_kinds", [])), True
            policy.save()
        # A version someone accepted is evidence: it is never rewritten (publish a new version instead).

    kept = []
    for item in preset.get("commands", []):
        phrases = "\n".join(item["phrases"])
        command = KeywordCommand.objects.filter(municipality=municipality, action=item["action"], phrases=phrases).first()
        if command is None:
            command = KeywordCommand(municipality=municipality, action=item["action"], phrases=phrases)
        command.accepts_tags = item.get("accepts_tags", True)
        command.reply_text = item.get("reply_text", "")
        command.active = True
        command.save()
        command.lists.set([lists[slug] for slug in item.get("lists", [])])
        kept.append(command.pk)
    KeywordCommand.objects.filter(municipality=municipality).exclude(pk__in=kept).delete()

    from sportello.knowledge.demo import apply_knowledge

    knowledge = apply_knowledge(preset.get("knowledge"), municipality)  # a knowledge base and automatic answers
    from sportello.survey.presets import apply_survey

    survey = apply_survey(preset.get("survey"), municipality)  # the satisfaction survey and its template
    audit("policy.preset_applied", municipality=municipality, target=service, preset=preset["name"])
    return {
        **({"knowledge": knowledge} if knowledge else {}),
        **({"survey": survey} if survey else {}),
        "preset": preset["name"],
        "seed": preset["seed"],
        "intervals": OpeningInterval.objects.filter(policy=service).count(),
        "lists": sorted(lists),
        "commands": len(kept),
        "mode": channel.get("mode", ChannelPolicy.Mode.TWO_WAY),
    }
