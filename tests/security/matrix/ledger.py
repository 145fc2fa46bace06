"""What the permission matrix saw: every request, every leak (another town's data served), every server error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REFUSED = {401, 403, 404, 405}


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


def to_login(response: Any) -> bool:
    """A redirect to the console's or the admin's login page: a refusal."""
    location = response.get("Location", "") if response.status_code == 302 else ""
    return "/accesso/" in location or "/admin/login/" in location


@dataclass
class Ledger:
    title: str
    requests: int = 0
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)  # own pages refused to whoever should see them

    def check(
        self, label: str, response: Any, *, forbidden: tuple[str, ...] = (), refused: set[int] | None = None,
        allowed: bool = False,
    ) -> str:
        """Record one response. `forbidden`: markers that must not appear; `refused`: the statuses that count as a
        refusal when the request targets another town's object; `allowed`: the caller should get the page."""
        self.requests += 1
        status = response.status_code
        text = body_of(response)
        if status >= 500:
            self.errors.append(f"{label} → {status}")
        for mark in forbidden:
            if mark in text or mark in response.get("Location", ""):
                self.leaks.append(f"{label} → {status}: contains {mark}")
        if refused is not None and status not in refused and not to_login(response):
            self.leaks.append(f"{label} → {status}: another town's object was not refused")
        if allowed and not (status < 400 or status == 405):
            self.denied.append(f"{label} → {status}")
        if allowed and to_login(response):
            self.denied.append(f"{label} → 302 to the login page")
        return text

    def summary(self) -> str:
        return (f"permission matrix [{self.title}]: {self.requests} requests, {len(self.leaks)} leaks, "
                f"{len(self.errors)} server errors, {len(self.denied)} own pages refused")

    def assert_clean(self) -> None:
        print(self.summary())
        problems = [*(f"LEAK {x}" for x in self.leaks), *(f"ERROR {x}" for x in self.errors),
                    *(f"DENIED {x}" for x in self.denied)]
        assert not problems, self.summary() + "\n" + "\n".join(problems[:80])
