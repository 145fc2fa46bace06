"""Load generator: signed webhook bodies at a fixed concurrency for a fixed time; prints JSON figures.

Run in its own process so the server's CPU is not the generator's.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import random
import statistics
import time

import aiohttp


def make_bodies(count: int, phone_number_id: str, secret: bytes) -> list[tuple[bytes, str]]:
    bodies = []
    for i in range(count):
        phone = f"39333{random.randrange(10**7):07d}"
        document = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "WABA",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "390700000000",
                                    "phone_number_id": phone_number_id,
                                },
                                "contacts": [{"profile": {"name": "Cittadino"}, "wa_id": phone}],
                                "messages": [
                                    {
                                        "from": phone,
                                        "id": f"wamid.BENCH{time.time_ns()}{i}",
                                        "timestamp": str(int(time.time())),
                                        "type": "text",
                                        "text": {
                                            "body": "Buongiorno, il lampione in via Roma è spento da due giorni"
                                        },
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
        }
        raw = json.dumps(document, ensure_ascii=True).encode()
        bodies.append((raw, "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()))
    return bodies


def make_telegram_bodies(count: int, secret: str) -> list[tuple[bytes, str]]:
    """Bot API Updates (a text message each, from a random user); the "signature" is the secret-token header."""
    bodies = []
    for i in range(count):
        user_id = 5_000_000_000 + random.randrange(10**9)
        user = {"id": user_id, "is_bot": False, "first_name": "Cittadino", "language_code": "it"}
        update = {
            "update_id": 700_000_000 + i,
            "message": {
                "message_id": 1 + i,
                "from": user,
                "chat": {"id": user_id, "first_name": "Cittadino", "type": "private"},
                "date": int(time.time()),
                "text": "Buongiorno, il lampione in via Roma è spento da due giorni",
            },
        }
        bodies.append((json.dumps(update, ensure_ascii=True).encode(), secret))
    return bodies


async def run(
    url: str, concurrency: int, seconds: float, bodies: list[tuple[bytes, str]], header: str = "X-Hub-Signature-256"
) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    counter = 0
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def worker() -> None:
            nonlocal errors, counter
            while time.perf_counter() < deadline:
                raw, signature = bodies[counter % len(bodies)]
                counter += 1
                started = time.perf_counter()
                try:
                    async with session.post(
                        url,
                        data=raw,
                        headers={header: signature, "Content-Type": "application/json"},
                    ) as response:
                        await response.read()
                        ok = response.status == 200
                except aiohttp.ClientError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                if not ok:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    n = len(latencies)
    return {
        "concurrency": concurrency,
        "requests": n,
        "errors": errors,
        "rate": n / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(latencies) * 1000 if n else 0.0,
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0,
        "over_1s_pct": 100.0 * sum(1 for x in latencies if x > 1.0) / n if n else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--phone-number-id", default="100000000000001")
    parser.add_argument("--secret", default="bench-secret")
    parser.add_argument("--channel", default="whatsapp", choices=["whatsapp", "telegram"])
    args = parser.parse_args()
    if args.channel == "telegram":
        bodies, header = make_telegram_bodies(2000, args.secret), "X-Telegram-Bot-Api-Secret-Token"
    else:
        bodies, header = make_bodies(2000, args.phone_number_id, args.secret.encode()), "X-Hub-Signature-256"
    print(json.dumps(asyncio.run(run(args.url, args.concurrency, args.seconds, bodies, header))))


if __name__ == "__main__":
    main()
