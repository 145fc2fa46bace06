"""Make the labels Django and third-party apps leave as plain strings translatable.

Some labels never pass through gettext: a field without verbose_name gets its name ("municipality", "created at"),
an app without verbose_name its label ("Django_Tasks"), and django-otp writes "TOTP device" as a plain string.
Wrapped in gettext_lazy at startup, they are translated like any other string; their Italian lives in
sportello/locale_vendor (English source strings, kept apart from the Italian-source catalogue so makemessages never
marks them obsolete).

Only display attributes change: field deconstruction reads `_verbose_name`, and model options in migrations come from
`Meta.original_attrs`, so no migration sees a difference.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy


def _plain(value: object) -> bool:
    return isinstance(value, str) and not isinstance(value, Promise) and bool(value)


def _third_party(module: str) -> bool:
    return not module.startswith(("sportello.", "django."))


# Model and field labels are looked up under this context, so a one-word label ("a", "at", "data") never takes the
# translation of the same word used elsewhere.
CONTEXT = "label"


def plain_labels() -> Iterator[tuple[object, str, str]]:
    """(owner, attribute, text) for every plain-string model or field label that should be translatable."""
    for config in apps.get_app_configs():
        for model in config.get_models(include_auto_created=False):
            opts = model._meta
            foreign = _third_party(model.__module__)
            if foreign and _plain(opts.verbose_name):
                yield opts, "verbose_name", opts.verbose_name
                if opts.original_attrs.get("verbose_name_plural") is None:  # Django's "{verbose_name}s"
                    yield opts, "verbose_name_plural", str(opts.verbose_name_plural)
            for field in [*opts.local_fields, *opts.local_many_to_many]:
                if _plain(field.verbose_name) and (foreign or field._verbose_name is None):
                    yield field, "verbose_name", field.verbose_name
                if foreign and _plain(field.help_text):
                    yield field, "help_text", field.help_text


def plain_app_names() -> Iterator[tuple[object, str]]:
    """(app config, name) for apps named with a plain string; looked up without context, like other app names."""
    for config in apps.get_app_configs():
        if _plain(config.verbose_name):
            yield config, config.verbose_name


# (context, text) of everything made translatable, for the test that each has its Italian.
WRAPPED: set[tuple[str | None, str]] = set()


def make_translatable() -> None:
    for config, name in list(plain_app_names()):
        config.verbose_name = gettext_lazy(name)
        WRAPPED.add((None, name))
    for owner, attribute, text in list(plain_labels()):
        setattr(owner, attribute, pgettext_lazy(CONTEXT, text))
        WRAPPED.add((CONTEXT, text))
