"""A minimal keep-alive HTTP/1.1 client for webhook POSTs.

Why not httpx: on this 2-core target httpx's async pool tops out near 1,300 requests/s and slows down as
connections are added, while the sandbox must emit several thousand status updates per second on the same
core that serves the Graph API. A webhook POST needs little: one origin, a body, the status code back.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

_NO_BODY = {204, 304}


class HttpConnection:
    """One connection to one webhook URL, used by one dispatcher lane at a time."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url = url
        self._host = parts.hostname
        self._tls = parts.scheme == "https"
        self._port = parts.port or (443 if self._tls else 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._head = f"POST {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n".encode("latin-1")
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes, headers: dict[str, str], timeout: float) -> int:
        """POST ``body`` and return the response status; raises OSError or TimeoutError on failure."""
        async with asyncio.timeout(timeout):
            reused = self._writer is not None
            try:
                return await self._exchange(body, headers)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                self.close()
                if not reused:
                    raise
            # The server may have closed an idle keep-alive connection: try once on a fresh one.
            return await self._exchange(body, headers)

    async def _exchange(self, body: bytes, headers: dict[str, str]) -> int:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(
                self._host, self._port, ssl=True if self._tls else None
            )
        assert self._reader is not None
        lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._writer.write(
            self._head + f"{lines}Content-Length: {len(body)}\r\n\r\n".encode("latin-1") + body
        )
        status, keep_alive = await self._read_response(self._reader)
        if not keep_alive:
            self.close()
        return status

    @staticmethod
    async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
        while True:
            lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            version, status_text = lines[0].split(" ", 2)[:2]
            status = int(status_text)
            if status >= 200:
                break  # skip interim 1xx responses
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        keep_alive = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if status in _NO_BODY:
            pass
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":
                        pass  # trailers
                    break
                await reader.readexactly(size + 2)
        elif "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        else:
            await reader.read()  # body runs to the end of the connection
            keep_alive = False
        return status, keep_alive

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
