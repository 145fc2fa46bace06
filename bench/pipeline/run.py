"""bench/pipeline: how fast acknowledged webhooks become messages in the inbox, with 1 to 4 worker processes.

    .venv/bin/python bench/pipeline/run.py [--db sqlite,postgres] [--messages 3000] [--workers 1,2,3,4]
    .venv/bin/python bench/pipeline/run.py --db postgres --database-url postgres://postgres@127.0.0.1:5432

For each database it first measures the ingest baseline of bench/ingest (the bare endpoint that verifies the
signature and inserts the raw body, bench/ingest/baseline.py, driven by bench/ingest/load.py at concurrency 32).
Then, for each worker count, on a fresh database with the demo municipality (`load_demo`: policies, departments,
moderation as `sportello demo` has them) and `sportello web` running beside (idle, as in production), it stores N
acknowledged webhook events from N new citizens (bench/pipeline/workload.py: text, some media and locations, one
status body per ten messages), starts the workers together and times them until nothing is left to claim. Each
worker runs the worker's ingest loop (`ingest.run_once`) and counts its SQL queries (bench/pipeline/worker.py).

Prints, per worker count: messages/s, queries per message, the ratio of messages/s to the ingest baseline, and
whether every message was stored exactly once.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.ingest.run import PG, measure, recreate_pg  # noqa: E402

PY = sys.executable
SECRET = "bench-secret"
PHONE_NUMBER_ID = "100000000000001"
WORKER = str(ROOT / "bench/pipeline/worker.py")
BASELINE_CONCURRENCY = 32


def baseline_rate(db: str, data_dir: str, pg: str, seconds: float) -> float:
    """Webhooks/s of the bare ingest endpoint (bench/ingest's baseline) on the same database server."""
    env = dict(os.environ, BASELINE_SECRET=SECRET, PYTHONPATH=str(ROOT))
    sqlite_file = str(Path(data_dir) / "baseline.sqlite3")
    env["BASELINE_DB"] = _recreate(pg, "sportello_baseline") if db == "postgres" else sqlite_file

    def start(port: int) -> list[subprocess.Popen]:
        return [subprocess.Popen(
            [PY, "-m", "uvicorn", "bench.ingest.baseline:app", "--port", str(port), "--log-level", "warning",
             "--no-access-log"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]

    return float(measure(start, "/", [BASELINE_CONCURRENCY], seconds)[0]["rate"])


def _recreate(pg: str, name: str) -> str:
    if pg == PG:
        return recreate_pg(name)
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{pg}/{name}"


def environment(db: str, data_dir: str, pg: str, name: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SPORTELLO_DATA_DIR=data_dir, WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID, WHATSAPP_APP_SECRET=SECRET,
        WHATSAPP_ACCESS_TOKEN="bench", WHATSAPP_VERIFY_TOKEN="bench",
        WHATSAPP_API_BASE_URL="http://127.0.0.1:9",  # automatic replies fail at once: nothing leaves the machine
        LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT),
    )
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = _recreate(pg, name)
    return env


def helper(env: dict[str, str], *args: str) -> dict:
    out = subprocess.run([PY, WORKER, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench/pipeline/worker.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_run(db: str, pg: str, workers: int, messages: int, with_web: bool) -> dict:
    data_dir = tempfile.mkdtemp(prefix=f"sportello-bench-pipeline-{db}-")
    env = environment(db, data_dir, pg, "sportello_pipeline")
    manage = lambda *a: subprocess.run([PY, "-m", "sportello", "manage", *a], env=env, cwd=ROOT, check=True,
                                       stdout=subprocess.DEVNULL)
    procs: list[subprocess.Popen] = []
    try:
        manage("migrate", "-v", "0")
        manage("load_demo")
        seeded = helper(env, "seed", str(messages))
        if with_web:
            procs.append(subprocess.Popen([PY, "-m", "sportello", "web", "--port", "0"], env=env, cwd=ROOT,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            time.sleep(3)
        drains = [subprocess.Popen([PY, WORKER, "drain"], env=env, cwd=ROOT, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True) for _ in range(workers)]
        procs.extend(drains)
        for proc in drains:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for proc in drains:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in drains:
            out, _ = proc.communicate(timeout=3600)
            results.append(json.loads(out.strip().splitlines()[-1]))
        seconds = max(r["ended"] for r in results) - min(r["started"] for r in results)
        stored = helper(env, "count")
        return {
            "workers": workers, "messages": seeded["messages"], "events": seeded["events"], "seconds": seconds,
            "rate": seeded["messages"] / seconds, "queries": sum(r["queries"] for r in results),
            "per_worker": [r["events"] for r in results], **{f"stored_{k}": v for k, v in stored.items()},
        }
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def report(db: str, baseline: float, rows: list[dict]) -> None:
    print(f"\n## {db}")
    print(f"ingest baseline: {baseline:.0f} webhooks/s (bare endpoint, concurrency {BASELINE_CONCURRENCY})")
    for row in rows:
        exact = row["stored_messages"] == row["messages"] and row["stored_pending"] == 0
        print(
            f"workers {row['workers']} | {row['messages']} messages in {row['seconds']:.2f} s | "
            f"{row['rate']:.0f} msg/s | {row['queries'] / row['messages']:.1f} queries/message | "
            f"ratio to baseline {row['rate'] / baseline:.2f} | stored {row['stored_messages']}/{row['messages']}"
            f"{'' if exact else ' NOT EXACT'}, pending {row['stored_pending']}, flagged {row['stored_flagged']}"
        )
    one = next((r for r in rows if r["workers"] == 1), None)
    if one and db == "sqlite":
        per = one["queries"] / one["messages"]
        met = "met" if one["rate"] >= 500 else "NOT met"
        print(f"one worker on SQLite: {one['rate']:.0f} msg/s (goal >= 500: {met}), "
              f"{per:.1f} queries/message (goal <= 12: {'met' if per <= 12 else 'NOT met'})")
    if rows and db == "postgres":
        best = max(rows, key=lambda r: r["rate"])
        print(f"best on PostgreSQL: {best['rate']:.0f} msg/s with {best['workers']} worker(s) "
              f"(goal 1000: {'met' if best['rate'] >= 1000 else 'NOT met'})")
    print(json.dumps({"db": db, "baseline": baseline, "runs": rows}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--database-url", default=PG, help="PostgreSQL server (no database name); default %(default)s")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--workers", default="1,2,3,4")
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    parser.add_argument("--no-web", action="store_true", help="do not run `sportello web` beside the workers")
    args = parser.parse_args()
    counts = [int(x) for x in args.workers.split(",")]
    pg = args.database_url.rstrip("/")
    print(f"bench/pipeline: {os.cpu_count()} cores, {args.messages} new-citizen messages, workers {counts}, "
          f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
    for db in args.db.split(","):
        base_dir = tempfile.mkdtemp(prefix="sportello-bench-pipeline-baseline-")
        try:
            baseline = baseline_rate(db, base_dir, pg, args.baseline_seconds)
        finally:
            shutil.rmtree(base_dir, ignore_errors=True)
        rows = [one_run(db, pg, k, args.messages, not args.no_web) for k in counts]
        report(db, baseline, rows)
    print(f"load average {os.getloadavg()[0]:.1f} at the end (figures from a shared machine are noisy)")


if __name__ == "__main__":
    main()
