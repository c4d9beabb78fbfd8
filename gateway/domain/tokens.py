"""Signed tokens for customer links (/m, /a, /s, /u).

Each token is bound to one customer and one incident (and, for unsubscribe,
one channel) and signed with GATEWAY_SECRET_KEY; the salt differs per link
kind so an ack token cannot be replayed as an unsubscribe token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from itsdangerous import BadSignature, URLSafeSerializer

KINDS = {"m": "message", "a": "ack", "s": "survey", "u": "unsubscribe"}


@dataclass(frozen=True)
class LinkToken:
    customer_id: int
    incident_id: int
    channel: str
    message: int = 0


@cache
def _serializer(secret: str, kind: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=f"gateway-link-{KINDS[kind]}")


def make(secret: str, kind: str, token: LinkToken) -> str:
    return str(_serializer(secret, kind).dumps(
        [token.customer_id, token.incident_id, token.channel, token.message]))


def read(secret: str, kind: str, value: str) -> LinkToken | None:
    """The token's contents, or None when it is invalid or tampered with."""
    try:
        data = _serializer(secret, kind).loads(value)
    except BadSignature:
        return None
    if (not isinstance(data, list) or len(data) != 4
            or not all(isinstance(x, int) for x in (data[0], data[1], data[3]))):
        return None
    return LinkToken(data[0], data[1], str(data[2]), data[3])


def links(secret: str, public_url: str, token: LinkToken, *, require_ack: bool,
          survey: bool = False) -> dict[str, str | None]:
    """Every link a message carries, as the templates expect them."""
    def url(kind: str) -> str:
        return f"{public_url}/{kind}/{make(secret, kind, token)}"

    return {
        "message_url": url("m"),
        "ack_url": url("a") if require_ack else None,
        "unsubscribe_url": url("u"),
        "survey_url": url("s") if survey else None,
    }
