"""bench/reports: the statistics of a large town's year — the dashboard and each report endpoint, p50/p95.

    .venv/bin/python bench/reports/run.py [--scale 1.0] [--database-url postgres://…/db] [--repeat 20]

Generates a year (at scale 1: 1,000,000 messages, 100,000 conversations, 20,000 cases, 10,000 survey responses;
`--scale 0.1` for a quick run) into a fresh database (a temporary SQLite file, or the PostgreSQL database given,
dropped and created), rebuilds the rollups once (`rebuild_report_rollups`, timed), then requests every endpoint
in-process through the whole middleware stack as a signed-in supervisor (API: a `reports` token), cycling through
period, channel and department filters. Prints one line per endpoint with p50/p95 in ms and p95 as a ratio to the
baseline measured in the same run: `SELECT count(*)` over the messages table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _prepare(database_url: str, data_dir: str, reuse: bool) -> str:
    os.environ["SPORTELLO_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="sportello-reports-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")
    if database_url and reuse:
        os.environ["DATABASE_URL"] = database_url
        return "postgresql"
    if database_url:
        import psycopg

        base, name = database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = database_url
        return "postgresql"
    os.environ.pop("DATABASE_URL", None)
    return "sqlite"


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def _time(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(repeat):
        started = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--data-dir", default="", help="SQLite data directory (default: a new temporary one)")
    parser.add_argument("--reuse", action="store_true", help="measure the town a previous run left in the database")
    parser.add_argument("--profile", help="write a cProfile of the dashboard requests to this file")
    args = parser.parse_args()
    db = _prepare(args.database_url, args.data_dir, args.reuse)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    from bench.reports.seed import ROME, seed

    with scopes_disabled():
        previous = _previous_town() if args.reuse else None
        if previous is not None:
            world, seeded, rebuilt = previous, 0.0, 0.0
        else:
            started = time.perf_counter()
            world = seed(args.scale, timezone.now().astimezone(ROME))
            seeded = time.perf_counter() - started
            started = time.perf_counter()
            call_command("rebuild_report_rollups", verbosity=0, stdout=open(os.devnull, "w"))
            rebuilt = time.perf_counter() - started
        with connection.cursor() as cur:
            if db == "sqlite":  # the seed's one long transaction left a large WAL; a running site checkpoints as it goes
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            else:  # planner statistics, as autovacuum would have gathered them after a year of traffic
                cur.execute("ANALYZE")
        client, token = _signed_in(world["municipality"])
    counts = world["counts"]
    print(f"reports db={db} scale={args.scale} messages={counts['messages']} conversations={counts['conversations']} "
          f"cases={counts['cases']} survey_responses={counts['survey_responses']} seed_s={seeded:.1f} "
          f"rollup_rebuild_s={rebuilt:.1f}")

    today = timezone.localdate()
    departments = [d.code for d in world["departments"]]  # codes: what both report APIs and the page accept
    filters = [
        {}, {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()},
        {"channel": "whatsapp"}, {"department": departments[3]},
        {"from": (today - timedelta(days=120)).isoformat(), "to": (today - timedelta(days=90)).isoformat(),
         "channel": "email"},
        {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat(), "department": departments[1],
         "channel": "telegram"},
    ]

    def baseline(_i: int) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM conversations_message")
            cur.fetchone()

    def get(path: str, api: bool = False, extra: dict | None = None):  # type: ignore[no-untyped-def]
        def call(i: int) -> None:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if api else {}
            response = client.get(path, {**filters[i % len(filters)], **(extra or {})}, **headers)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return call

    base_p50, base_p95 = _percentiles(_time(baseline, args.repeat))
    print(f"reports db={db} endpoint=baseline_count_messages p50_ms={base_p50:.1f} p95_ms={base_p95:.1f} ratio=1.00")
    month = today.strftime("%Y-%m")
    endpoints = [
        ("dashboard", get("/statistiche/"), args.repeat),
        ("api_activity", get("/api/v1/reports/activity", api=True), args.repeat),
        ("api_satisfaction", get("/api/v1/reports/satisfaction", api=True), args.repeat),
        ("open_data_csv", get("/statistiche/dati-aperti.csv"), args.repeat),
        ("export_cases_xlsx", get("/statistiche/esporta/cases.xlsx"), max(3, args.repeat // 4)),
        ("export_conversations_csv", get("/statistiche/esporta/conversations.csv"), max(3, args.repeat // 4)),
        ("council_pdf_month", get("/statistiche/relazione.pdf", extra={"mese": month}), max(3, args.repeat // 4)),
    ]
    if args.profile:
        import cProfile

        dashboard = endpoints[0][1]
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [dashboard(i) for i in range(6)])
        profiler.dump_stats(args.profile)
    for name, fn, repeat in endpoints:
        try:
            fn(0)  # warm-up (the first request after a change pays the incremental refresh)
            p50, p95 = _percentiles(_time(fn, repeat))
        except AssertionError as error:
            print(f"reports db={db} endpoint={name} unavailable: {error.args[0][:2]}")
            continue
        verdict = "ok" if p95 < 1000 else "over_1s"
        print(f"reports db={db} endpoint={name} n={repeat} p50_ms={p50:.1f} p95_ms={p95:.1f} "
              f"ratio={p95 / base_p95:.1f} goal_p95_under_1s={verdict}")


def _previous_town():  # type: ignore[no-untyped-def]
    from sportello.cases.models import Case
    from sportello.conversations.models import Conversation, Message
    from sportello.municipalities.models import Municipality
    from sportello.survey.models import SurveyResponse

    town = Municipality.objects.filter(slug="grande").first()
    if town is None:
        return None
    counts = {"messages": Message.objects.count(), "conversations": Conversation.objects.count(),
              "cases": Case.objects.count(), "survey_responses": SurveyResponse.objects.count()}
    return {"municipality": town, "departments": list(town.departments.order_by("code")), "counts": counts}


def _signed_in(municipality):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sportello.api.models import ApiToken
    from sportello.municipalities.models import StaffMembership

    user = get_user_model().objects.filter(username="supervisore").first()
    if user is None:
        user = get_user_model().objects.create_user("supervisore", password="bench-password-42")
        StaffMembership.objects.create(user=user, municipality=municipality, role="supervisor")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, ApiToken.issue(user, scopes=["reports"])[1]


if __name__ == "__main__":
    main()
