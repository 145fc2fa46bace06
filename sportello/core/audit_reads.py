"""One audit entry per request that shows personal data (lists, detail pages, search, map data, API reads).

    @audited_read("conversation.listed")
    def view(request, ...): ...

The entry names the path and the URL's ids, not every row shown: reads are frequent, the log must stay cheap.
Works for Django views and django-ninja operations (functools.wraps keeps the signature ninja reads).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from sportello.core.audit import audit


def audited_read(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            result = view(request, *args, **kwargs)
            status = getattr(result, "status_code", 200)
            user = getattr(request, "user", None)
            if 200 <= status < 300 and getattr(user, "is_authenticated", False):
                ids = {k: v for k, v in kwargs.items() if isinstance(v, (int, str))}
                query = request.GET.get("q", "") if hasattr(request, "GET") else ""
                audit(action, actor=user, path=request.path, ids=ids, searched=bool(query))
            return result

        return wrapper

    return decorator


class AdminReadAuditMiddleware:
    """The Django admin shows citizens, messages and the audit log itself: every page of it a signed-in user reads
    successfully leaves one entry (the admin's own views are Django's, so this is recorded around them)."""

    SKIP = ("jsi18n/", "autocomplete/")

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        path = request.path
        if (
            request.method == "GET" and path.startswith("/admin/") and response.status_code == 200
            and getattr(request.user, "is_authenticated", False) and not path.endswith(self.SKIP)
        ):
            audit("admin.viewed", actor=request.user, path=path, searched=bool(request.GET.get("q")))
        return response
