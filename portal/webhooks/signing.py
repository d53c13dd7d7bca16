"""The wire format of a delivery: Standard Webhooks signatures (standardwebhooks.com).

    webhook-id:        the delivery's idempotency key (also sent as Idempotency-Key)
    webhook-timestamp: seconds since 1970 (UTC) of this attempt
    webhook-signature: "v1," + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}"))

The key is the base64 part of the subscription's secret "whsec_...". Receivers can check it with
any Standard Webhooks library, or with the few lines in the README.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)  # nosec B105


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(secret: str, headers, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (used by the tests' receiver): a valid signature, a recent timestamp."""
    try:
        timestamp = int(headers["webhook-timestamp"])
        expected = sign(secret, headers["webhook-id"], timestamp, body)
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return any(hmac.compare_digest(expected, given) for given in headers.get("webhook-signature", "").split())


def body_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def headers_for(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
        "Idempotency-Key": message_id,
    }
