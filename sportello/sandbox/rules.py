"""The platform rules the sandbox enforces: 24-hour window, throughput, pair limit, media types and sizes."""

from __future__ import annotations

from .config import SandboxConfig
from .errors import GraphError, pair_limited, rate_limited
from .state import Conversation

WINDOW_SECONDS = 24 * 3600

MB = 1024 * 1024
DOCUMENT_TYPES = frozenset(
    {
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)
# kind -> (MIME types Meta accepts from a business, maximum size in bytes)
MEDIA_RULES: dict[str, tuple[frozenset[str], int]] = {
    "image": (frozenset({"image/jpeg", "image/png"}), 5 * MB),
    "audio": (frozenset({"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}), 16 * MB),
    "video": (frozenset({"video/mp4", "video/3gpp"}), 16 * MB),
    "document": (DOCUMENT_TYPES, 100 * MB),
    "sticker": (frozenset({"image/webp"}), 100 * 1024),
}
ANIMATED_STICKER_MAX = 500 * 1024
MEDIA_KINDS = frozenset(MEDIA_RULES)
_KIND_BY_MIME = {mime: kind for kind, (mimes, _) in MEDIA_RULES.items() for mime in mimes}


def window_open(conv: Conversation, now: float) -> bool:
    """Free-form messages are allowed for 24 hours after the citizen's last message."""
    return conv.last_inbound_at is not None and now - conv.last_inbound_at < WINDOW_SECONDS


class SendLimits:
    """Throughput per business number and the pair limit per (number, recipient), both token buckets.

    Both are checked before either is consumed, so a rejected request costs nothing. The throughput bucket
    holds one second's worth of tokens (Meta allows a short burst), which makes the long-run accepted rate
    exactly ``throughput_per_second``.
    """

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._buckets: dict[str, list[float]] = {}  # phone_number_id -> [tokens, refilled at]

    def reset(self) -> None:
        self._buckets.clear()

    def admit(self, conv: Conversation, now: float) -> None:
        config = self.config
        rate = config.throughput_per_second
        capacity = max(rate, 1.0)
        bucket = self._buckets.get(conv.number.phone_number_id)
        if bucket is None:
            bucket = self._buckets[conv.number.phone_number_id] = [capacity, now]
        tokens = min(capacity, bucket[0] + (now - bucket[1]) * rate)
        bucket[0], bucket[1] = tokens, now
        if tokens < 1.0:
            raise rate_limited()

        burst = float(config.pair_burst)
        pair = burst if conv.pair_tokens is None else conv.pair_tokens
        pair = min(burst, pair + (now - conv.pair_updated) / config.pair_interval_seconds)
        conv.pair_tokens, conv.pair_updated = pair, now
        if pair < 1.0:
            raise pair_limited()

        bucket[0] = tokens - 1.0
        conv.pair_tokens = pair - 1.0


def base_mime(mime_type: str) -> str:
    """``audio/ogg; codecs=opus`` -> ``audio/ogg``."""
    return mime_type.split(";", 1)[0].strip().lower()


def is_animated_webp(data: bytes) -> bool:
    # An extended WebP (VP8X chunk) sets bit 1 of its flags byte when it holds an animation.
    return data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8X" and len(data) > 20 and bool(data[20] & 0x02)


def check_upload(mime_type: str, data: bytes) -> tuple[str, bool]:
    """Validate a business upload like Meta does; return (kind, animated) or raise a GraphError."""
    mime = base_mime(mime_type)
    kind = _KIND_BY_MIME.get(mime)
    if kind is None:
        accepted = ", ".join(sorted(_KIND_BY_MIME))
        raise GraphError(
            100,
            f"Param file must be a file with one of the following types: {accepted}. "
            f"Received file of type '{mime}'.",
        )
    animated = kind == "sticker" and is_animated_webp(data)
    check_size(kind, len(data), animated)
    return kind, animated


def check_size(kind: str, size: int, animated: bool = False) -> None:
    limit = ANIMATED_STICKER_MAX if animated else MEDIA_RULES[kind][1]
    if size == 0:
        raise GraphError(131053, "The media file is empty.")
    if size > limit:
        raise GraphError(
            131053, f"Media file size {size} bytes exceeds the {limit} bytes allowed for {kind}."
        )
