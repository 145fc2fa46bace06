from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from sportello.core.scoping import scopes_disabled
from sportello.municipalities.models import Municipality, StaffMembership
from sportello.municipalities.setup import configure_from_env
from sportello.policies.models import ServicePolicy

DEMO_PASSWORD = "sportello-demo"


class Command(BaseCommand):
    help = "Load the demo municipality, its channel accounts (the sandbox's) and demo staff. Idempotent."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--preset", default="")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        municipality, _ = Municipality.objects.get_or_create(
            slug="demo",
            defaults={
                "name": "Comune di Esempio",
                "email": "urp@comune.esempio.it",
                "phone": "+39 070 000 0000",
                "website": "https://www.comune.esempio.it",
                "languages": ["it", "en"],
            },
        )
        import os

        # The environment's channels (the sandbox's) belong to this municipality: found by name, never a second one.
        os.environ.setdefault("SPORTELLO_MUNICIPALITY_NAME", municipality.name)
        for account in configure_from_env():
            if account.municipality_id != municipality.pk:
                account.municipality = municipality
                account.save(update_fields=["municipality"])
        users = get_user_model()
        for username, role, is_super in (("admin", "administrator", True), ("operatore", "operator", False)):
            user, created = users.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": is_super, "first_name": username.title()}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            StaffMembership.objects.get_or_create(user=user, municipality=municipality, defaults={"role": role})
        from sportello.connectors.desk.accounts import CHANNELS, account_for_channel

        for channel in CHANNELS:  # phone calls and desk visits are recorded from the console ("Registra …")
            account_for_channel(municipality, channel)
        from sportello.cases.seed import seed_demo

        seed_demo(municipality, DEMO_PASSWORD)  # departments (routing catalogue) and a roads-department login
        from sportello.firstrun.defaults import add_canned_replies, apply_blank_defaults

        if options.get("preset"):
            from sportello.policies.presets import apply_preset

            summary = apply_preset(options["preset"], municipality)
            add_canned_replies(municipality)
            self.stdout.write(f"Preset {summary['preset']} applied (seed {summary['seed']}).")
        elif not ServicePolicy.objects.filter(municipality=municipality).exclude(preset="").exists():
            # The plain demo answers like a real office: the first-run page's defaults (hours, the news list
            # and its consent policy, ISCRIVIMI / STOP, canned replies). A preset applied before is kept.
            apply_blank_defaults(municipality)
            self.stdout.write("Default hours, news list, commands and canned replies loaded.")
        self.stdout.write(f"Demo municipality ready: {municipality} (staff: admin / {DEMO_PASSWORD})")
