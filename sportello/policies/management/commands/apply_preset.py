from django.core.management.base import BaseCommand, CommandError

from sportello.core.scoping import scopes_disabled
from sportello.municipalities.models import Municipality
from sportello.policies.presets import NAMES, UnknownPreset, apply_preset


class Command(BaseCommand):
    help = "Apply a seed municipality's service preset (hours, holidays, channel mode, lists, commands). Idempotent."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name", help=f"one of: {', '.join(NAMES)}")
        parser.add_argument("--municipality", required=True, help="the municipality's slug")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"no municipality with slug {options['municipality']!r}")
        try:
            summary = apply_preset(options["name"], municipality)
        except UnknownPreset as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Preset {summary['preset']} applied to {municipality} ({municipality.slug}): mode {summary['mode']}, "
            f"{summary['intervals']} opening intervals, lists {', '.join(summary['lists']) or '-'}, "
            f"{summary['commands']} commands."
        )
