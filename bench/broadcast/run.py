"""bench/broadcast: one campaign to N subscribers through the sandbox at its throughput cap, then again with kills.

    .venv/bin/python bench/broadcast/run.py [--db sqlite,postgres] [--runs 1000:100000,80:10000] [--kills 0,2]

For each database and each CAP:N pair it seeds N consented subscribers, starts the sandbox as its own process
(`sportello sandbox`, capped at CAP msg/s, auto_read on: three status webhooks per message) delivering webhooks to
a real `sportello web` + `sportello worker`, and the campaign sender (`sportello manage run_sender`, the number's
`throughput_per_second` = CAP). For each kill count it runs one campaign to all N (SIGKILL of the sender at 30 %
and 60 % of the sends, restarted at once) and prints: achieved send rate / cap (first to last accepted send),
total time (sender start → campaign done, including recipient materialisation and the in-doubt wait after a kill),
duplicates and misses from the sandbox's own record (/sandbox/api/outbound-summary), the sender's peak RSS, and the
status backlog (webhook events not yet ingested) when the last send was accepted and when the campaign finished,
plus how long ingestion took to catch up.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.ingest.run import PG, free_port, recreate_pg, wait_port  # noqa: E402

PY = sys.executable
SECRET = "bench-secret"
TOKEN = "bench-token"
PHONE_NUMBER_ID = "100000000000001"
IN_DOUBT_SECONDS = os.environ.get("BENCH_IN_DOUBT_SECONDS", "20")
NO_WEBHOOKS = os.environ.get("BENCH_NO_WEBHOOKS") == "1"  # diagnosis: the sender alone, no status traffic


class Database:
    def __init__(self, kind: str, data_dir: str, url: str = ""):
        self.kind, self.data_dir, self.url = kind, data_dir, url

    def query(self, sql: str, inbound: bool = False) -> list[tuple]:
        if self.kind == "postgres":
            import psycopg

            with psycopg.connect(self.url) as conn:
                return list(conn.execute(sql).fetchall())
        name = "sportello-inbound.sqlite3" if inbound else "sportello.sqlite3"
        conn = sqlite3.connect(f"file:{Path(self.data_dir) / name}?mode=ro", uri=True, timeout=30)
        try:
            return list(conn.execute(sql).fetchall())
        finally:
            conn.close()

    def pending_events(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM conversations_inboundevent WHERE state = 'pending'", inbound=True)[0][0])


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_pair(db_kind: str, cap: int, count: int, kill_counts: list[int]) -> list[dict]:
    data_dir = tempfile.mkdtemp(prefix=f"sportello-bcast-{db_kind}-")
    sandbox_port, web_port = free_port(), free_port()
    graph = f"http://127.0.0.1:{sandbox_port}/sandbox/graph/v23.0"
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        SPORTELLO_DATA_DIR=data_dir, WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID, WHATSAPP_APP_SECRET=SECRET,
        WHATSAPP_ACCESS_TOKEN=TOKEN, WHATSAPP_VERIFY_TOKEN="bench", WHATSAPP_API_BASE_URL=graph,
        WHATSAPP_DISPLAY_NUMBER="+39 0586 000001", LOG_LEVEL="WARNING", SPORTELLO_MUNICIPALITY_NAME="Livorno",
        SPORTELLO_BROADCAST_IN_DOUBT_SECONDS=IN_DOUBT_SECONDS, DJANGO_SETTINGS_MODULE="sportello.settings",
    )
    url = ""
    if db_kind == "postgres":
        url = env["DATABASE_URL"] = recreate_pg("sportello_bench_broadcast")
    db = Database(db_kind, data_dir, url)
    run = lambda *args: subprocess.run([PY, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: E731
    run("-m", "sportello", "manage", "migrate", "-v", "0", "--skip-checks")
    run("-m", "sportello", "manage", "configure_from_env", "--skip-checks")
    started = time.time()
    run("bench/broadcast/seed.py", "subscribers", str(count), str(cap))
    print(f"  seeded {count} subscribers in {time.time() - started:.1f} s", flush=True)

    sandbox_env = {
        **env, "SANDBOX_THROUGHPUT_PER_SECOND": str(cap), "SANDBOX_AUTO_READ": "1", "SANDBOX_APP_SECRET": SECRET,
        "SANDBOX_WEBHOOK_URL": "" if NO_WEBHOOKS else f"http://127.0.0.1:{web_port}/webhooks/whatsapp",
        "SANDBOX_ACCESS_TOKEN": TOKEN,
        "SANDBOX_PHONE_NUMBER_ID": PHONE_NUMBER_ID, "SANDBOX_MAX_MESSAGES": str(max(500_000, 3 * count)),
    }
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT}
    procs = [
        subprocess.Popen([PY, "-m", "sportello", "sandbox", "--port", str(sandbox_port)], env=sandbox_env, **quiet),
        subprocess.Popen([PY, "-m", "sportello", "web", "--port", str(web_port)], env=env, **quiet),
        subprocess.Popen([PY, "-m", "sportello", "worker"], env=env, **quiet),
    ]
    http = httpx.Client(base_url=f"http://127.0.0.1:{sandbox_port}/sandbox/api", timeout=120)
    results = []
    try:
        wait_port(sandbox_port)
        wait_port(web_port)
        for kills in kill_counts:
            http.post("/reset")
            for attempt in range(5):  # SQLite may be busy with the last statuses: try again
                try:
                    created = run("bench/broadcast/seed.py", "campaign", f"bench {cap}/s {kills} kills")
                    break
                except subprocess.CalledProcessError:
                    time.sleep(5)
            campaign_id = int(created.stdout.split()[-1])
            results.append(one_campaign(db, env, http, campaign_id, cap, count, kills))
            report(db_kind, results[-1:], header=len(results) == 1)
    finally:
        http.close()
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return results


def one_campaign(db: Database, env: dict, http: httpx.Client, campaign_id: int, cap: int, count: int, kills: int) -> dict:
    def start_sender() -> subprocess.Popen:
        return subprocess.Popen(
            [PY, "-m", "sportello", "manage", "run_sender", "--skip-checks"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=open(Path(db.data_dir) / "sender.log", "a"),
        )

    kill_at = [count * (0.3 * (i + 1)) for i in range(kills)]
    began = time.time()
    sender = start_sender()
    peak = 0.0
    first_accept = last_accept = None
    accepted = last_seen = 0
    backlog_at_last_send = None
    while True:
        time.sleep(0.1)
        peak = max(peak, peak_rss_mb(sender.pid))
        stats = http.get("/stats").json()
        accepted = stats.get("sends_accepted", 0)
        now = time.time()
        if accepted and first_accept is None:
            first_accept = now
        if accepted != last_seen:
            last_accept, last_seen = now, accepted
        if kill_at and accepted >= kill_at[0]:
            kill_at.pop(0)
            sender.send_signal(signal.SIGKILL)
            sender.wait()
            sender = start_sender()
        state = db.query(f"SELECT state FROM broadcasts_campaign WHERE id = {campaign_id}")[0][0]
        if accepted >= count and backlog_at_last_send is None:
            backlog_at_last_send = db.pending_events()
        if state == "done":
            break
        if now - began > 3600:
            raise RuntimeError("campaign did not finish within an hour")
    done = time.time()
    backlog_at_done = db.pending_events()
    sender.send_signal(signal.SIGTERM)
    try:
        sender.wait(timeout=30)
    except subprocess.TimeoutExpired:
        sender.kill()
    # Statuses: wait for the sandbox to emit and post everything, then for ingestion to catch up.
    http.get("/stats", params={"drain": "600"})
    drain_started = time.time()
    while db.pending_events() and time.time() - drain_started < 900:
        time.sleep(0.5)
    caught_up = time.time() - drain_started
    summary = http.get("/outbound-summary", params={"callback_prefix": "sp-bc:"}).json()
    stats = http.get("/stats").json()
    states = dict(db.query(f"SELECT state, COUNT(*) FROM broadcasts_delivery WHERE campaign_id = {campaign_id} GROUP BY state"))
    sending_seconds = (last_accept or done) - (first_accept or began)
    rate = (summary["outbound"] - 1) / sending_seconds if sending_seconds > 0 else 0.0
    return {
        "cap": cap, "count": count, "kills": kills, "rate": rate, "rate_pct": 100 * rate / cap,
        "total_s": done - began, "sending_s": sending_seconds, "duplicates": summary["extra_copies"],
        "misses": count - summary["recipients"], "peak_mb": peak, "rejected_130429": stats.get("sends_rejected_130429", 0),
        "backlog_last_send": backlog_at_last_send, "backlog_done": backlog_at_done, "ingest_catch_up_s": caught_up,
        "read": states.get("read", 0), "states": states, "webhook_posts": stats.get("webhook_posts", 0),
        "webhook_updates": stats.get("webhook_updates_delivered", 0),
    }


def report(db: str, rows: list[dict], header: bool = True) -> None:
    if header:
        print(f"\n## {db}")
        print(
            f"{'cap':>5} {'subs':>7} {'kills':>5} | {'rate/s':>7} {'% cap':>6} {'sending s':>9} {'total s':>8} | "
            f"{'dup':>4} {'miss':>4} | {'peak MB':>7} | {'130429':>6} | {'backlog@last':>12} {'@done':>6} "
            f"{'catch-up s':>10} {'read rows':>9}"
        )
    for r in rows:
        print(
            f"{r['cap']:>5} {r['count']:>7} {r['kills']:>5} | {r['rate']:>7.1f} {r['rate_pct']:>5.1f}% {r['sending_s']:>9.1f} "
            f"{r['total_s']:>8.1f} | {r['duplicates']:>4} {r['misses']:>4} | {r['peak_mb']:>7.1f} | {r['rejected_130429']:>6} | "
            f"{r['backlog_last_send'] if r['backlog_last_send'] is not None else '-':>12} {r['backlog_done']:>6} "
            f"{r['ingest_catch_up_s']:>10.1f} {r['read']:>9}"
        )
    print(json.dumps(rows, default=str), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", default="1000:100000,80:10000", help="CAP:SUBSCRIBERS pairs")
    parser.add_argument("--kills", default="0,2")
    args = parser.parse_args()
    kills = [int(k) for k in args.kills.split(",")]
    print(f"bench/broadcast: {os.cpu_count()} cores, in-doubt wait {IN_DOUBT_SECONDS} s, PostgreSQL at {PG}", flush=True)
    for db in args.db.split(","):
        rows = []
        for pair in args.runs.split(","):
            cap, count = (int(x) for x in pair.split(":"))
            print(f"# {db}: cap {cap}/s, {count} subscribers", flush=True)
            rows += run_pair(db, cap, count, kills)


if __name__ == "__main__":
    main()
