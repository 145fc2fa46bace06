"""What the citizen reads: the municipality's own wording where it set one, else good Italian defaults ("Lei")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings as django_settings
from django.utils import translation
from django.utils.translation import gettext as _

from sportello.survey.models import SurveySettings

QUESTION_FIELDS = {
    "overall": "overall_text",
    "waiting_time": "waiting_time_text",
    "competence": "competence_text",
    "courtesy": "courtesy_text",
}


@contextmanager
def citizen_language(municipality) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Texts for citizens in the municipality's first language, whatever the operator's browser asked for."""
    languages = list(getattr(municipality, "languages", None) or [])
    with translation.override(languages[0] if languages else django_settings.LANGUAGE_CODE):
        yield


def intro(conf: SurveySettings) -> str:
    if conf.intro_text.strip():
        return conf.intro_text.strip()
    municipality = conf.municipality
    return _(
        "Thank you for contacting %(office)s – %(municipality)s. Would you help us improve the service? "
        "It takes four short answers."
    ) % {"office": municipality.office_name, "municipality": municipality.name}


def question(conf: SurveySettings, aspect: str) -> str:
    own = getattr(conf, QUESTION_FIELDS[aspect]).strip()
    if own:
        return own
    return {
        "overall": _("Overall, how satisfied are you with the service you received?"),
        "waiting_time": _("How do you rate the waiting time for an answer?"),
        "competence": _("How do you rate the competence of the staff who answered you?"),
        "courtesy": _("How do you rate the courtesy of the staff?"),
    }[aspect]


def comment_prompt(conf: SurveySettings) -> str:
    return conf.comment_text.strip() or _("If you wish, you can also leave us a comment on this page:")


def thanks(conf: SurveySettings) -> str:
    return conf.thanks_text.strip() or _("Thank you for your answers: they help us improve the service.")


def declined(conf: SurveySettings) -> str:
    return conf.declined_text.strip() or _("Understood: we will not ask you again for a while. Thank you.")


def link_invitation() -> str:
    return _("You can answer four short questions on this page:")


def score_label(score: int) -> str:
    return {
        1: _("Very poor"),
        2: _("Poor"),
        3: _("Fair"),
        4: _("Good"),
        5: _("Excellent"),
    }[score]


def face_label(face: str) -> str:
    return {"positive": _("satisfied"), "neutral": _("neither satisfied nor dissatisfied"),
            "negative": _("dissatisfied")}[face]


def decline_choice() -> tuple[str, str]:
    return _("No, thank you"), _("I prefer not to answer")


def choose_button() -> str:
    return _("Answer")


def step_header(number: int, total: int) -> str:
    return _("Question %(number)s of %(total)s") % {"number": number, "total": total}
