"""Opt-outs and bounces, stored as hashes of the channel address.

Keyed by address rather than customer so that STOP from a number covers every
customer with that number, and so an erased customer's opt-out outlives the
erasure without keeping the address in clear.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select

from ..customers.models import Customer, Suppression
from ..store.db import db

CONTACT_FIELD = {
    "email": "email", "sms": "phone", "whatsapp": "whatsapp", "chat": "chat_webhook_url",
}


def address_hash(channel: str, address: str) -> str:
    normal = address.strip().lower() if channel == "email" else address.strip()
    return hashlib.sha256(f"{channel}:{normal}".encode()).hexdigest()


def contact_of(customer: Customer, channel: str) -> str | None:
    value: str | None = getattr(customer, CONTACT_FIELD[channel])
    return value


def suppress(channel: str, address: str, reason: str) -> bool:
    """Record an opt-out; True when it is new."""
    digest = address_hash(channel, address)
    exists = db.session.execute(
        select(Suppression.id).where(Suppression.channel == channel,
                                     Suppression.address_hash == digest)
    ).first()
    if exists:
        return False
    db.session.add(Suppression(channel=channel, address_hash=digest, reason=reason))
    return True


def suppressed_hashes(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (channel, address_hash) pairs are suppressed."""
    wanted = set(pairs)
    if not wanted:
        return set()
    rows = db.session.execute(
        select(Suppression.channel, Suppression.address_hash).where(
            Suppression.address_hash.in_({h for _, h in wanted})
        )
    )
    return {(c, h) for c, h in rows if (c, h) in wanted}


def opted_out_channels(customer: Customer) -> list[str]:
    pairs = {}
    for channel in CONTACT_FIELD:
        address = contact_of(customer, channel)
        if address:
            pairs[(channel, address_hash(channel, address))] = channel
    hits = suppressed_hashes(pairs)
    return sorted(pairs[p] for p in hits)
