"""Background tasks enqueued when the transaction commits; inside `batched()`, all of them in one INSERT.

The inbound pipeline processes a few hundred messages in one transaction, and each photo, voice note or document
gets a download task. Enqueued one by one after the commit, that was an INSERT and a commit of its own per
attachment; collected, the database backend writes them together. As with consoles' events (events.batched), a
savepoint rolled back drops its own tasks, and nothing is enqueued unless the transaction commits.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from django_tasks.base import Task
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json

from sportello.core import commit_batch

Pending = tuple[Task, tuple[Any, ...]]

_local = threading.local()


def enqueue_on_commit(task: Task, *args: Any) -> None:
    commit_batch.on_commit(_local, (task, args), lambda: task.enqueue(*args))


def batched() -> AbstractContextManager[None]:
    """Tasks enqueued on commit inside the block are written together once the surrounding transaction commits."""
    return commit_batch.collecting(_local, enqueue_many)


def enqueue_many(pending: Sequence[Pending]) -> None:
    """Enqueue every (task, args): in one INSERT per database backend, one by one on any other backend."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    rows: list[tuple[DatabaseBackend, DBTaskResult]] = []
    for task, args in pending:
        backend = task.get_backend()
        if not isinstance(backend, DatabaseBackend):
            task.enqueue(*args)
            continue
        backend.validate_task(task)
        rows.append((backend, DBTaskResult(
            id=backend._get_id(), args_kwargs=normalize_json({"args": args, "kwargs": {}}), priority=task.priority,
            task_path=task.module_path, queue_name=task.queue_name,
            run_after=task.run_after or get_date_max(),  # what the backend's pre_save handler sets; bulk_create skips it
            backend_name=backend.alias,
        )))
    if not rows:
        return
    DBTaskResult.objects.bulk_create([row for _, row in rows])
    for backend, row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)
