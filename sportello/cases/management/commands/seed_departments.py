from django.core.management.base import BaseCommand, CommandError

from sportello.cases.seed import seed_departments
from sportello.core.scoping import scopes_disabled
from sportello.municipalities.models import Municipality


class Command(BaseCommand):
    help = "Create the default departments and categories (routing catalogue) for one or every municipality."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("slugs", nargs="*", help="municipality codes (default: all)")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        municipalities = Municipality.objects.all()
        if options["slugs"]:
            municipalities = municipalities.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - set(municipalities.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"unknown municipalities: {', '.join(sorted(missing))}")
        for municipality in municipalities:
            created = seed_departments(municipality)
            self.stdout.write(f"{municipality}: {len(created)} departments created")
