"""Saving settings: each change in one transaction, with one audit entry naming who changed what.

Views call these; the policies app's configuration cache is cleared by the saves themselves (configcache.watch).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms import BaseModelFormSet, ModelForm

from sportello.core.audit import audit
from sportello.policies.hours import describe_week
from sportello.policies.models import ChannelPolicy, KeywordCommand, Redirect, ServicePolicy
from sportello.policies.services import schedule_for


def policy_of(municipality: Any) -> ServicePolicy:
    """The municipality's service rules, created with the defaults the first time settings are opened."""
    policy, _created = ServicePolicy.objects.get_or_create(municipality=municipality)
    return policy


def _save_rows(formset: BaseModelFormSet, policy: ServicePolicy) -> None:
    for instance in formset.save(commit=False):
        instance.policy = policy
        instance.save()
    for removed in formset.deleted_objects:
        removed.delete()


def save_hours(policy: ServicePolicy, form: ModelForm, intervals: BaseModelFormSet, closures: BaseModelFormSet,
               actor: Any) -> None:
    with transaction.atomic():
        form.save()
        _save_rows(intervals, policy)
        _save_rows(closures, policy)
        schedule = schedule_for(policy)
        audit("settings.hours_changed", actor=actor, municipality=policy.municipality, target=policy,
              fields=sorted(form.changed_data), week=describe_week(schedule),
              closures=[f"{c.name}: {c.starts}–{c.ends}{' *' if c.every_year else ''}" for c in schedule.closures],
              holidays=policy.observe_national_holidays, subdivision=policy.holidays_subdivision,
              patron=[policy.patron_month, policy.patron_day])


def save_emergency_text(policy: ServicePolicy, text: str, actor: Any) -> None:
    policy.emergency_text = text
    policy.save(update_fields=["emergency_text", "updated_at"])
    audit("settings.emergency_text_changed", actor=actor, municipality=policy.municipality, target=policy)


def switch_emergency(policy: ServicePolicy, active: bool, actor: Any) -> None:
    """Turn the emergency on or off. Each time it goes on is a new emergency (see ServicePolicy.save)."""
    if policy.emergency_active == active:
        return
    since = policy.emergency_since
    policy.emergency_active = active
    policy.save(update_fields=["emergency_active", "emergency_since", "updated_at"])
    audit("settings.emergency_activated" if active else "settings.emergency_deactivated", actor=actor,
          municipality=policy.municipality, target=policy,
          since=(policy.emergency_since or since).isoformat() if (policy.emergency_since or since) else "")


def save_channel_policy(form: ModelForm, actor: Any) -> ChannelPolicy:
    with transaction.atomic():
        channel_policy = form.save()
        audit("settings.channel_changed", actor=actor, municipality=channel_policy.account.municipality,
              target=channel_policy, account=channel_policy.account_id, mode=channel_policy.mode,
              fields=sorted(form.changed_data))
    return channel_policy


def save_redirect(form: ModelForm, municipality: Any, actor: Any) -> Redirect:
    with transaction.atomic():
        created = form.instance.pk is None
        form.instance.municipality = municipality
        redirect = form.save()
        audit("settings.redirect_created" if created else "settings.redirect_changed", actor=actor,
              municipality=municipality, target=redirect, name=redirect.name, kind=redirect.kind,
              topics=redirect.topics, active=redirect.active)
    return redirect


def delete_redirect(redirect: Redirect, actor: Any) -> None:
    with transaction.atomic():
        audit("settings.redirect_deleted", actor=actor, municipality=redirect.municipality, target=redirect,
              name=redirect.name)
        redirect.delete()


def save_command(form: ModelForm, municipality: Any, actor: Any) -> KeywordCommand:
    with transaction.atomic():
        created = form.instance.pk is None
        form.instance.municipality = municipality
        command = form.save()
        audit("settings.command_created" if created else "settings.command_changed", actor=actor,
              municipality=municipality, target=command, command_action=command.action, phrases=command.phrase_list(),
              lists=sorted(m.slug for m in command.lists.all()), active=command.active)
    return command


def delete_command(command: KeywordCommand, actor: Any) -> None:
    with transaction.atomic():
        audit("settings.command_deleted", actor=actor, municipality=command.municipality, target=command,
              phrases=command.phrase_list())
        command.delete()
