"""Self-benchmark of the WhatsApp sandbox: accepted sends per second while it emits the status webhooks.

Three kinds of process share the machine, as in the real benchmark: the sandbox (uvicorn, one process),
a stand-in for Sportello's webhook receiver (answers 200 at once), and client processes sending
``POST /{phone_number_id}/messages`` with httpx async clients to 100,000 citizens.

    .venv/bin/python bench/sandbox_selftest.py                 # uncapped: how fast can it go?
    .venv/bin/python bench/sandbox_selftest.py --cap 1000      # is the throughput cap exact?
    .venv/bin/python bench/sandbox_selftest.py --client raw    # cheaper client, to see the sandbox's ceiling

Prints one line per measure; bounded in time (``--seconds``) and aimed at 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import free_port, wait_http  # noqa: E402
TOKEN = "bench-token"
PHONE_NUMBER_ID = "100000000000001"
CITIZENS = 100_000
RECEIVER = """
import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

async def hook(request):
    await request.body()
    return Response(b"ok")

uvicorn.run(Starlette(routes=[Route("/hook", hook, methods=["POST"])]), host="127.0.0.1", port={port},
            log_level="warning", access_log=False)
"""






def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def phone(i: int) -> str:
    return f"+39340{i:07d}"


def body(i: int) -> bytes:
    # Templates: the citizens never wrote, and a template is what a broadcast sends anyway.
    return json.dumps(
        {
            "messaging_product": "whatsapp",
            "to": phone(i),
            "type": "template",
            "template": {
                "name": "avviso_servizio",
                "language": {"code": "it"},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": f"n. {i}"}]}],
            },
        }
    ).encode()


async def httpx_worker(url: str, deadline: float, results: dict[str, list[float] | int], seed: int) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=10) as client:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await client.post(url, content=body(rng.randrange(CITIZENS)), headers=headers)
            results["latencies"].append(time.perf_counter() - started)  # type: ignore[union-attr]
            if response.status_code == 200:
                results["accepted_at"].append(time.time())  # type: ignore[union-attr]
            results[str(response.status_code)] = int(results.get(str(response.status_code), 0)) + 1  # type: ignore[arg-type]


async def raw_worker(
    host: str, port: int, path: str, deadline: float, results: dict[str, list[float] | int], seed: int
) -> None:
    """Keep-alive HTTP/1.1 by hand: far cheaper per request than httpx, so the sandbox is what is measured."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
        "Content-Type: application/json\r\n"
    )
    while time.perf_counter() < deadline:
        payload = body(rng.randrange(CITIZENS))
        started = time.perf_counter()
        writer.write(f"{head}Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
        header = await reader.readuntil(b"\r\n\r\n")
        status = header.split(b" ", 2)[1].decode()
        length = int(
            next(
                line.split(b":")[1]
                for line in header.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
        )
        await reader.readexactly(length)
        results["latencies"].append(time.perf_counter() - started)  # type: ignore[union-attr]
        if status == "200":
            results["accepted_at"].append(time.time())  # type: ignore[union-attr]
        results[status] = int(results.get(status, 0)) + 1  # type: ignore[arg-type]
    writer.close()


def client_process(
    kind: str,
    base: str,
    port: int,
    connections: int,
    seconds: float,
    start_at: float,
    seed: int,
    queue: multiprocessing.Queue,
) -> None:  # type: ignore[type-arg]
    async def main() -> dict[str, list[float] | int]:
        results: dict[str, list[float] | int] = {"latencies": [], "accepted_at": []}
        await asyncio.sleep(max(0.0, start_at - time.time()))
        deadline = time.perf_counter() + seconds
        path = f"/sandbox/graph/v23.0/{PHONE_NUMBER_ID}/messages"
        if kind == "raw":
            workers = [
                raw_worker("127.0.0.1", port, path, deadline, results, seed * 1000 + i)
                for i in range(connections)
            ]
        else:
            workers = [
                httpx_worker(base + path, deadline, results, seed * 1000 + i) for i in range(connections)
            ]
        await asyncio.gather(*workers)
        return results

    queue.put(asyncio.run(main()))


def run_load(
    kind: str, base: str, port: int, processes: int, connections: int, seconds: float
) -> dict[str, object]:
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    start_at = time.time() + 1.0
    procs = [
        multiprocessing.Process(
            target=client_process, args=(kind, base, port, connections, seconds, start_at, n, queue)
        )
        for n in range(processes)
    ]
    for p in procs:
        p.start()
    parts = [queue.get(timeout=seconds + 60) for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for part in parts for x in part["latencies"])  # type: ignore[union-attr]
    accepted_at = sorted(x for part in parts for x in part["accepted_at"])  # type: ignore[union-attr]
    # Steady state: from 1.5 s after the first acceptance (the bucket starts full: a one-second burst, which a
    # slow client takes longer to use up) to 0.5 s before the end.
    window_start = (accepted_at[0] if accepted_at else start_at) + 1.5
    window_end = start_at + seconds - 0.5
    steady = sum(1 for t in accepted_at if window_start <= t < window_end) / max(
        window_end - window_start, 1e-9
    )
    codes: dict[str, int] = {}
    for part in parts:
        for key, value in part.items():
            if key not in ("latencies", "accepted_at"):
                codes[key] = codes.get(key, 0) + int(value)  # type: ignore[arg-type]
    return {
        "codes": codes,
        "accepted_per_s": codes.get("200", 0) / seconds,
        "steady_accepted_per_s": steady,
        "requests_per_s": sum(codes.values()) / seconds,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0,
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)] if latencies else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--cap", type=float, default=100_000, help="throughput_per_second of the number")
    parser.add_argument("--client", choices=["httpx", "raw"], default="httpx")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--connections", type=int, default=8, help="connections per client process")
    parser.add_argument("--batch-max", type=int, default=100)
    args = parser.parse_args()

    sandbox_port, receiver_port = free_port(), free_port()
    env = {
        **os.environ,
        "SANDBOX_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "SANDBOX_ACCESS_TOKEN": TOKEN,
        "SANDBOX_WEBHOOK_URL": f"http://127.0.0.1:{receiver_port}/hook",
        "SANDBOX_THROUGHPUT_PER_SECOND": str(args.cap),
        "SANDBOX_PAIR_BURST": "1000",
        "SANDBOX_WEBHOOK_BATCH_MAX": str(args.batch_max),
    }
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER.replace("{port}", str(receiver_port))])
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "sportello.sandbox", "--port", str(sandbox_port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{sandbox_port}"
    try:
        wait_http(f"{base}/sandbox/api/stats")
        wait_http(f"http://127.0.0.1:{receiver_port}/")
        created = time.perf_counter()
        for start in range(0, CITIZENS, 10_000):
            batch = [{"citizen": phone(i)} for i in range(start, start + 10_000)]
            httpx.post(
                f"{base}/sandbox/api/citizens", json={"citizens": batch}, timeout=60
            ).raise_for_status()
        print(
            f"citizens: {CITIZENS} created in {time.perf_counter() - created:.1f}s, "
            f"sandbox RSS {rss_mb(sandbox.pid):.0f} MB"
        )

        cpu_before = cpu_seconds(sandbox.pid)
        result = run_load(args.client, base, sandbox_port, args.processes, args.connections, args.seconds)
        drained_at = time.perf_counter()
        bound = args.cap * (
            args.seconds + 1
        )  # a token bucket holding one second: cap x T + the initial burst
        stats = httpx.get(f"{base}/sandbox/api/stats", params={"drain": 60}, timeout=90).json()
        cpu = cpu_seconds(sandbox.pid) - cpu_before  # includes emitting every status webhook
        print(
            f"client={args.client} processes={args.processes}x{args.connections} cap={args.cap:g}/s "
            f"seconds={args.seconds:g}: accepted {result['accepted_per_s']:.0f}/s "
            f"(steady state {result['steady_accepted_per_s']:.0f}/s), "
            f"requests {result['requests_per_s']:.0f}/s, "
            f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
            f"codes {result['codes']}"
            + (
                f"; accepted {result['codes'].get('200', 0)} <= bound {bound:.0f}"
                if args.cap < 100_000
                else ""
            )  # type: ignore[attr-defined]
        )
        print(
            f"webhooks: {stats['webhook_updates_delivered']} status updates "
            f"in {stats['webhook_posts']} POSTs (largest batch {stats['webhook_largest_batch']}), "
            f"failed attempts {stats['webhook_failed_attempts']}, "
            f"drained {time.perf_counter() - drained_at:.1f}s after the load; "
            f"statuses sent {stats.get('statuses_sent', 0)}, delivered {stats.get('statuses_delivered', 0)}"
        )
        handled = sum(result["codes"].values())  # type: ignore[attr-defined]
        print(
            f"sandbox CPU: {cpu:.1f} s for {handled} requests and their webhooks = "
            f"{1000 * cpu / max(handled, 1):.2f} ms each, "
            f"i.e. one core sustains ~{handled / max(cpu, 1e-9):.0f} sends/s; "
            f"RSS after {rss_mb(sandbox.pid):.0f} MB"
        )
    finally:
        sandbox.terminate()
        receiver.terminate()
        sandbox.wait(10)
        receiver.wait(10)


if __name__ == "__main__":
    main()
