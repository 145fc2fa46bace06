"""bench/ingest: signed webhooks at rising concurrency against the running server, on SQLite and PostgreSQL.

    .venv/bin/python bench/ingest/run.py [--db sqlite,postgres] [--levels 1,8,32,128] [--seconds 5]

For each database it starts `sportello web` (and `sportello worker`, so ingestion competes with processing as in
production) and, as the baseline, a bare ASGI endpoint that only verifies the signature and inserts the raw body
(bench/ingest/baseline.py) under the same uvicorn. The same load generator (bench/ingest/load.py, its own
process) drives both. Prints webhooks/s, median and p99 acknowledgement latency, the share over 1 s, and the
ratio to the baseline; then the highest rate that met Meta's standard (median <= 250 ms, < 1 % over 1 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.common import free_port, wait_port  # noqa: E402

PY = sys.executable
SECRET = "bench-secret"
PHONE_NUMBER_ID = "100000000000001"
TELEGRAM_TOKEN = "7000000001:bench-telegram-token"
TELEGRAM_SECRET = "bench-telegram-secret"
PG = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")






def recreate_pg(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{PG}/{name}"


def load(port: int, path: str, concurrency: int, seconds: float) -> dict:
    telegram = path == "/webhooks/telegram"
    out = subprocess.run(
        [
            PY,
            str(ROOT / "bench/ingest/load.py"),
            "--url",
            f"http://127.0.0.1:{port}{path}",
            "--concurrency",
            str(concurrency),
            "--seconds",
            str(seconds),
            "--secret",
            TELEGRAM_SECRET if telegram else SECRET,
            "--phone-number-id",
            PHONE_NUMBER_ID,
            "--channel",
            "telegram" if telegram else "whatsapp",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def sportello_env(db: str, data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SPORTELLO_DATA_DIR=data_dir,
        WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
        WHATSAPP_APP_SECRET=SECRET,
        WHATSAPP_ACCESS_TOKEN="bench",
        WHATSAPP_VERIFY_TOKEN="bench",
        WHATSAPP_API_BASE_URL="http://127.0.0.1:9",
        TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9",  # setWebhook at start fails at once: nothing leaves the machine
        LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = recreate_pg("sportello_bench")
    return env


def measure(start_server, path: str, levels: list[int], seconds: float) -> list[dict]:
    port = free_port()
    procs = start_server(port)
    try:
        wait_port(port)
        load(port, path, 4, 1.0)  # warm-up
        return [load(port, path, c, seconds) for c in levels]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def run_db(
    db: str, levels: list[int], seconds: float, web_workers: int, no_worker: bool = False
) -> tuple[list[dict], list[dict], dict, list[dict], dict]:
    data_dir = tempfile.mkdtemp(prefix=f"sportello-bench-{db}-")
    env = sportello_env(db, data_dir)
    subprocess.run([PY, "-m", "sportello", "manage", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    backlog: dict = {}

    def start_sportello(port: int) -> list[subprocess.Popen]:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "cwd": ROOT}
        web = subprocess.Popen(
            [PY, "-m", "sportello", "web", "--port", str(port), "--workers", str(web_workers)], **quiet
        )
        if no_worker:
            return [web]
        worker = subprocess.Popen([PY, "-m", "sportello", "worker"], **quiet)
        return [web, worker]

    sportello = measure(start_sportello, "/webhooks/whatsapp", levels, seconds)
    backlog = pending_events(env)

    base_env = dict(os.environ, BASELINE_SECRET=SECRET, PYTHONPATH=str(ROOT))
    base_env["BASELINE_DB"] = (
        recreate_pg("sportello_baseline") if db == "postgres" else str(Path(data_dir) / "baseline.sqlite3")
    )

    def start_baseline(port: int) -> list[subprocess.Popen]:
        return [
            subprocess.Popen(
                [
                    PY,
                    "-m",
                    "uvicorn",
                    "bench.ingest.baseline:app",
                    "--port",
                    str(port),
                    "--workers",
                    str(web_workers),
                    "--log-level",
                    "warning",
                    "--no-access-log",
                ],
                env=base_env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ]

    baseline = measure(start_baseline, "/", levels, seconds)
    # The Telegram webhook (secret-token header instead of a signature) through the same fast path and writer.
    telegram = measure(start_sportello, "/webhooks/telegram", levels, seconds)
    return sportello, baseline, backlog, telegram, pending_events(env, "telegram")


def pending_events(env: dict[str, str], channel: str = "") -> dict:
    code = (
        "import django,json;django.setup();from sportello.conversations.models import InboundEvent as E;"
        f"q=E.objects.filter(channel={channel!r}) if {channel!r} else E.objects.all();"
        "print(json.dumps({'stored': q.count(), 'pending': q.filter(state='pending').count()}))"
    )
    out = subprocess.run(
        [PY, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "sportello.settings"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else {}


def within_standard(row: dict) -> bool:
    return row["median_ms"] <= 250 and row["over_1s_pct"] < 1 and row["errors"] == 0


def report(
    db: str, sportello: list[dict], baseline: list[dict], backlog: dict, telegram: list[dict], telegram_backlog: dict
) -> None:
    print(f"\n## {db}")
    print(
        f"{'conc':>5} | {'sportello/s':>11} {'median ms':>9} {'p99 ms':>8} {'>1s %':>6} {'err':>4} | "
        f"{'baseline/s':>10} {'median ms':>9} {'p99 ms':>8} | {'ratio':>5}"
    )
    for s, b in zip(sportello, baseline):
        ratio = s["rate"] / b["rate"] if b["rate"] else 0
        print(
            f"{s['concurrency']:>5} | {s['rate']:>11.0f} {s['median_ms']:>9.1f} {s['p99_ms']:>8.1f} "
            f"{s['over_1s_pct']:>6.2f} {s['errors']:>4} | {b['rate']:>10.0f} {b['median_ms']:>9.1f} "
            f"{b['p99_ms']:>8.1f} | {ratio:>5.2f}"
        )
    ok = [s for s in sportello if within_standard(s)]
    best = max(ok, key=lambda r: r["rate"]) if ok else None
    best_base = max((b for b in baseline if within_standard(b)), key=lambda r: r["rate"], default=None)
    if best:
        print(
            f"sustained within Meta's standard: {best['rate']:.0f} webhooks/s (median {best['median_ms']:.1f} ms, "
            f"p99 {best['p99_ms']:.1f} ms) = {best['rate'] / 240:.2f}x the 240/s target (80 msg/s tier), "
            f"{best['rate'] / 3000:.2f}x the 3,000/s of the 1,000 msg/s tier"
        )
    else:
        print("no level met Meta's standard")
    if best and best_base:
        print(
            f"ratio to baseline at best levels: {best['rate'] / best_base['rate']:.2f} "
            f"(baseline {best_base['rate']:.0f}/s)"
        )
    if backlog:
        print(
            f"events stored by the run: {backlog.get('stored')}, still pending when the worker stopped: "
            f"{backlog.get('pending')}"
        )
    report_telegram(telegram, baseline, telegram_backlog)


def report_telegram(telegram: list[dict], baseline: list[dict], backlog: dict) -> None:
    """New lines after WhatsApp's (which stay as they were): the Telegram webhook against the same baseline."""
    for t, b in zip(telegram, baseline):
        ratio = t["rate"] / b["rate"] if b["rate"] else 0
        print(
            f"telegram {t['concurrency']:>5} | {t['rate']:>11.0f} {t['median_ms']:>9.1f} {t['p99_ms']:>8.1f} "
            f"{t['over_1s_pct']:>6.2f} {t['errors']:>4} | ratio to baseline {ratio:>5.2f}"
        )
    ok = [t for t in telegram if within_standard(t)]
    best = max(ok, key=lambda r: r["rate"]) if ok else None
    if best:
        print(
            f"telegram sustained within the same standard: {best['rate']:.0f} webhooks/s (median "
            f"{best['median_ms']:.1f} ms, p99 {best['p99_ms']:.1f} ms)"
        )
    else:
        print("telegram: no level met the standard")
    if backlog:
        print(
            f"telegram events stored by the run: {backlog.get('stored')}, still pending when the worker stopped: "
            f"{backlog.get('pending')}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--web-workers", type=int, default=1)
    parser.add_argument(
        "--no-worker", action="store_true", help="measure acknowledgement alone, no processing"
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    print(
        f"bench/ingest: {os.cpu_count()} cores, levels {levels}, {args.seconds:.0f} s each, "
        f"{args.web_workers} web worker(s)"
    )
    for db in args.db.split(","):
        report(db, *run_db(db, levels, args.seconds, args.web_workers, args.no_worker))


if __name__ == "__main__":
    main()
