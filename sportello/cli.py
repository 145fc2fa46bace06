"""`sportello`: one command for everything (demo, web, worker, sandbox, manage, createtoken)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

DEMO_SECRETS = {
    "WHATSAPP_PHONE_NUMBER_ID": "100000000000001",
    "WHATSAPP_DISPLAY_NUMBER": "+39 070 000 0001",
    "WHATSAPP_ACCESS_TOKEN": "demo-access-token",
    "WHATSAPP_APP_SECRET": "demo-app-secret",
    "WHATSAPP_VERIFY_TOKEN": "demo-verify-token",
    "WHATSAPP_WABA_ID": "200000000000001",
    "TELEGRAM_BOT_TOKEN": "7000000001:sandbox-telegram-token",
    "TELEGRAM_WEBHOOK_SECRET": "demo-telegram-secret",
}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")
    import django

    django.setup()


def cmd_manage(args: argparse.Namespace, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")
    from django.core.management import execute_from_command_line

    from sportello.core.scoping import scopes_disabled

    with scopes_disabled():  # management commands are system code working across municipalities
        execute_from_command_line(["sportello manage", *rest])
    return 0


def cmd_createtoken(args: argparse.Namespace, rest: list[str]) -> int:
    _django()
    from sportello.core.scoping import scopes_disabled

    with scopes_disabled():
        return _createtoken(args)


def _createtoken(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from sportello.api.models import ApiToken
    from sportello.core.audit import audit

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        print(f"sportello: no user named {args.username!r}", file=sys.stderr)
        return 1
    from sportello.api import scopes

    try:
        token, secret = ApiToken.issue(user, name=args.name, scopes=scopes.parse(args.scopes), days=args.days)
    except ValueError as error:
        print(f"sportello: {error}", file=sys.stderr)
        return 2
    audit("api_token.created", actor_label="cli", target=token, user=user.get_username(), scopes=token.scopes,
          expires_at=token.expires_at.isoformat())
    print(secret)
    return 0


def cmd_web(args: argparse.Namespace, rest: list[str]) -> int:
    import uvicorn

    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several processes answer /metrics in turn: they share their counters through files (prometheus_client).
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="sportello-metrics-")
    _django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("configure_from_env", verbosity=0)
    # An empty installation: print the first-run page's one-time token (and where this server answers).
    _announce_setup(os.environ.get("SITE_URL") or f"http://{args.host}:{args.port}")
    # SIGTERM: uvicorn stops accepting, finishes the requests in flight and exits (its worker processes too).
    uvicorn.run(
        "sportello.asgi:application", host=args.host, port=args.port, workers=args.workers,
        log_level="info", access_log=args.access_log, lifespan="auto", timeout_graceful_shutdown=GRACE_SECONDS,
        # Slow clients: idle keep-alive connections close after 5 s, headers over 16 KiB are refused, and past
        # SPORTELLO_WEB_MAX_CONNECTIONS (0 = no limit) new requests get 503; slow bodies: core/body_timeout.py.
        timeout_keep_alive=5, h11_max_incomplete_event_size=16 * 1024,
        limit_concurrency=int(os.environ.get("SPORTELLO_WEB_MAX_CONNECTIONS", "0") or 0) or None,
        **_uvicorn_logging(settings),
    )
    return 0


def _announce_setup(site_url: str) -> None:
    from django.db import DatabaseError

    from sportello.core.scoping import scopes_disabled
    from sportello.firstrun.tokens import announce

    # The server must start even when the database is down or not migrated yet (/readyz says so); the token is then
    # printed at the next start.
    try:
        with scopes_disabled():
            announce(site_url, sys.stdout)
    except DatabaseError as error:
        print(f"Setup token not issued: the database is not ready ({type(error).__name__}).", file=sys.stderr,
              flush=True)


def _uvicorn_logging(settings: Any) -> dict[str, Any]:
    """With JSON logs uvicorn's own records go through Sportello's handlers (redacted, one JSON per line)."""
    return {"log_config": None} if settings.SPORTELLO_LOG_FORMAT == "json" else {}


# A console's live stream stays open: after this long, uvicorn closes connections still open at shutdown.
GRACE_SECONDS = 10
ROLES = ("ingest", "outbox", "campaigns", "email", "tasks", "purge", "templates")


def run_worker(stop: threading.Event, roles: tuple[str, ...] = ROLES) -> None:
    """Ingest, outbox and background tasks until `stop` is set (SIGTERM/SIGINT).

    On stop each loop finishes the batch in hand (up to SPORTELLO_SHUTDOWN_GRACE_SECONDS); whatever this process
    still holds after that is released, so another worker (or this one restarted) takes it over at once.
    """
    from django.conf import settings
    from django_tasks_db.management.commands.db_worker import Worker

    from sportello.broadcasts import sender
    from sportello.connectors import templates as channel_templates
    from sportello.connectors.email import poller as email_poller
    from sportello.conversations import claims, ingest, outbox
    from sportello.privacy import retention

    targets = {"ingest": ingest.loop, "outbox": outbox.loop, "campaigns": sender.loop, "email": email_poller.loop,
               "purge": retention.loop, "templates": channel_templates.sync_loop}
    loops = [threading.Thread(target=_unscoped, args=(targets[name], stop), name=name, daemon=True)
             for name in roles if name in targets]
    if "ingest" in roles:  # the pipeline's steps are imported now, not on the first citizen's message
        from sportello.conversations.pipeline.runner import steps

        steps()
    held = threading.Event()  # leases are renewed until the loops have finished, not merely been told to stop
    leases = threading.Thread(target=claims.keep_leases, args=(held,), name="leases", daemon=True)
    for thread in [*loops, leases]:
        thread.start()
    print(f"sportello worker: {', '.join(roles)} running", flush=True)
    if "tasks" in roles:
        tasks = Worker(
            queue_names=["*"], interval=0.5, batch=False, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id=f"worker-{os.getpid()}", excluded_queue_names=[],
        )
        watcher = threading.Thread(target=lambda: (stop.wait(), setattr(tasks, "running", False)), daemon=True)
        watcher.start()
        _unscoped(lambda _: tasks.run(), stop)
    else:
        stop.wait()
    outbox.wake()  # out of its idle wait at once
    deadline = time.monotonic() + settings.SPORTELLO_SHUTDOWN_GRACE_SECONDS
    for thread in loops:
        thread.join(timeout=max(deadline - time.monotonic(), 0))
    held.set()
    leases.join(timeout=5)
    released = claims.release_held()
    if released:
        print(f"sportello worker: released {released} claimed rows", flush=True)


def _unscoped(loop: Any, stop: threading.Event) -> None:
    """A worker's loop is system code across municipalities; scopes live in a context, so each thread opens its own."""
    from sportello.core.scoping import scopes_disabled

    with scopes_disabled():
        loop(stop)


def cmd_worker(args: argparse.Namespace, rest: list[str]) -> int:
    roles = tuple(role.strip() for role in args.only.split(",") if role.strip()) if args.only else ROLES
    unknown = set(roles) - set(ROLES)
    if unknown:
        print(f"sportello worker: unknown roles {sorted(unknown)}; choose among {', '.join(ROLES)}", file=sys.stderr)
        return 2
    _django()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    _serve_worker_metrics()
    run_worker(stop, roles)
    print("sportello worker: stopped", flush=True)
    return 0


def _serve_worker_metrics() -> None:
    """A worker serves no HTTP; its own counters (errors by kind) go on SPORTELLO_METRICS_PORT if set."""
    port = os.environ.get("SPORTELLO_METRICS_PORT")
    if port:
        from prometheus_client import start_http_server

        from sportello.ops.metrics import process_registry

        start_http_server(int(port), addr=os.environ.get("SPORTELLO_METRICS_ADDR", "0.0.0.0"), registry=process_registry())


def cmd_sandbox(args: argparse.Namespace, rest: list[str]) -> int:
    from sportello.sandbox.config import SandboxConfig
    from sportello.sandbox.server import run

    run(args.host, args.port, SandboxConfig.from_env())
    return 0


def demo_environment(port: int) -> dict[str, str]:
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    for key, value in DEMO_SECRETS.items():
        env.setdefault(key, value)
    env.setdefault("WHATSAPP_API_BASE_URL", f"{base}/sandbox/graph/v23.0")
    env.setdefault("SITE_URL", base)
    env["SPORTELLO_SANDBOX"] = "1"
    env.setdefault("SANDBOX_BASE_URL", base)
    env.setdefault("SANDBOX_WEBHOOK_URL", f"{base}/webhooks/whatsapp")
    env.setdefault("SANDBOX_APP_SECRET", env["WHATSAPP_APP_SECRET"])
    env.setdefault("SANDBOX_PHONE_NUMBER_ID", env["WHATSAPP_PHONE_NUMBER_ID"])
    env.setdefault("SANDBOX_DISPLAY_PHONE_NUMBER", "".join(ch for ch in env["WHATSAPP_DISPLAY_NUMBER"] if ch.isdigit()))
    env.setdefault("SANDBOX_ACCESS_TOKEN", env["WHATSAPP_ACCESS_TOKEN"])
    env.setdefault("SANDBOX_WABA_ID", env["WHATSAPP_WABA_ID"])
    # The Telegram bot talks to the sandbox's Bot API; its webhook is set there from the start (setWebhook is
    # also called by `load_demo`, before the server listens).
    env.setdefault("TELEGRAM_API_BASE_URL", f"{base}/sandbox")
    env.setdefault("SANDBOX_TELEGRAM_BOT_TOKEN", env["TELEGRAM_BOT_TOKEN"])
    env.setdefault("SANDBOX_TELEGRAM_WEBHOOK_URL", f"{base}/webhooks/telegram")
    env.setdefault("SANDBOX_TELEGRAM_WEBHOOK_SECRET", env["TELEGRAM_WEBHOOK_SECRET"])
    # E-mail without a mail server: the URP's mailbox keeps what it sends for /sandbox-email/, where citizens write.
    if not env.get("EMAIL_ADDRESS"):
        env["EMAIL_ADDRESS"] = "urp@comune-demo.test"
        env.setdefault("EMAIL_SMTP_URL", "smtp://127.0.0.1:25")
        env["SPORTELLO_EMAIL_CAPTURE"] = "1"
    return env


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def cmd_demo(args: argparse.Namespace, rest: list[str]) -> int:
    # SIGTERM must unwind through the `finally` below so the worker is stopped too. uvicorn handles SIGTERM while it
    # serves, then restores this handler and raises the signal again: Python's default would end the process on the
    # spot and leave the worker running.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    env = demo_environment(args.port)
    os.environ.update(env)
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", preset=args.preset or "")
    from django.conf import settings

    _announce_setup(settings.SITE_URL)  # nothing to print once load_demo created the demo municipality
    worker = subprocess.Popen([sys.executable, "-m", "sportello", "worker"], env=env)
    try:
        print(
            f"\nSportello demo: http://127.0.0.1:{args.port}/  (staff: admin / sportello-demo)\n"
            f"Citizen phone (sandbox): http://127.0.0.1:{args.port}/sandbox/  "
            f"(Telegram: http://127.0.0.1:{args.port}/sandbox/telegram/)\n",
            flush=True,
        )
        import uvicorn

        uvicorn.run(
            "sportello.asgi:application", host=args.host, port=args.port, log_level="info", lifespan="auto",
            timeout_graceful_shutdown=GRACE_SECONDS,
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sportello", description="Sportello: the URP on WhatsApp and beyond.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="server, workers and WhatsApp sandbox with a demo municipality")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--preset", default="", help="a municipality preset (cagliari, ancona, san-giuliano, rimini, livorno)")
    demo.set_defaults(func=cmd_demo)

    web = sub.add_parser("web", help="the web server (ASGI, uvicorn)")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    web.add_argument("--workers", type=int, default=1)
    web.add_argument("--access-log", action="store_true")
    web.set_defaults(func=cmd_web)

    worker = sub.add_parser("worker", help="background worker: webhook ingestion, sending, tasks")
    worker.add_argument("--only", default="", help=f"comma-separated roles among {', '.join(ROLES)} (default: all)")
    worker.set_defaults(func=cmd_worker)

    sandbox = sub.add_parser("sandbox", help="the WhatsApp Cloud API sandbox alone")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8001)
    sandbox.set_defaults(func=cmd_sandbox)

    manage = sub.add_parser("manage", help="Django management commands", add_help=False)
    manage.set_defaults(func=cmd_manage)

    token = sub.add_parser("createtoken", help="print a new API token for a user")
    token.add_argument("username")
    token.add_argument("--name", default="cli")
    token.add_argument("--scopes", default="read,write",
                       help="comma-separated: read, write, reports, privacy (default read,write)")
    token.add_argument("--days", type=int, default=None,
                       help="days until it expires (default SPORTELLO_API_TOKEN_DAYS, 90); revoke with "
                            "`sportello manage revoketoken PREFIX`")
    token.set_defaults(func=cmd_createtoken)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and argv[0] == "manage":
        return cmd_manage(argparse.Namespace(), argv[1:])
    args, rest = parser.parse_known_args(argv)
    result: Any = args.func(args, rest)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
