"""Readiness: can this process do its work now? The database answers, its schema is migrated, Redis (if
configured) answers. Liveness needs none of them: a process that answers HTTP is alive."""

from __future__ import annotations

from django.conf import settings
from django.db import connections

_migrated: set[str] = set()  # once a database is migrated it stays so for this process's code


def check_databases() -> dict[str, str]:
    results = {}
    for alias in settings.DATABASES:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready; the kind is enough to act on
            connections[alias].close()
            results[f"database:{alias}"] = f"unreachable ({type(exc).__name__})"
            continue
        results[f"database:{alias}"] = "ok"
        results[f"migrations:{alias}"] = check_migrations(alias)
    return results


def check_migrations(alias: str) -> str:
    if alias in _migrated:
        return "ok"
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    # `sportello manage migrate` migrates the SQLite inbound database too: both plans end up empty.
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "not applied"
    _migrated.add(alias)
    return "ok"


def check_redis() -> dict[str, str]:
    if not settings.REDIS_URL:
        return {}
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        return {"redis": f"unreachable ({type(exc).__name__})"}
    return {"redis": "ok"}


def readiness() -> tuple[bool, dict[str, str]]:
    results = {**check_databases(), **check_redis()}
    return all(value == "ok" for value in results.values()), results
