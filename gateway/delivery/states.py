"""Delivery statuses and the moves allowed between them (SPEC: Delivery).

This is the only list of statuses; everything else imports it. Status never
moves backwards along queued/deferred → sending → sent → delivered → acked;
`failed` and `bounced` replace only states before `delivered` (a provider's
`delivered` still beats an earlier give-up: the truth wins).
"""

from __future__ import annotations

from typing import Literal

QUEUED, DEFERRED, SENDING, SENT = "queued", "deferred", "sending", "sent"
DELIVERED, ACKED, FAILED, BOUNCED = "delivered", "acked", "failed", "bounced"
SUPPRESSED, CANCELED = "suppressed", "canceled"

STATUSES = (QUEUED, DEFERRED, SENDING, SENT, DELIVERED, FAILED, BOUNCED, SUPPRESSED, CANCELED,
            ACKED)
Status = Literal["queued", "deferred", "sending", "sent", "delivered", "failed", "bounced",
                 "suppressed", "canceled", "acked"]

# How staff pages list them: the forward path, then the ways a message ends short.
DISPLAY_ORDER = (QUEUED, DEFERRED, SENDING, SENT, DELIVERED, ACKED, FAILED, BOUNCED, SUPPRESSED,
                 CANCELED)
WAITING = (QUEUED, DEFERRED)  # not yet handed to a provider: cancel stops these
PENDING = (QUEUED, DEFERRED, SENDING)  # not finished
IN_HANDS = (SENDING, SENT, DELIVERED, ACKED)  # in the provider's hands or further
REACHED = IN_HANDS
SENT_OR_BETTER = (SENT, DELIVERED, ACKED)
FAILURES = (FAILED, BOUNCED)
TERMINAL_MISS = (FAILED, BOUNCED, SUPPRESSED)
NOT_SENT = (QUEUED, DEFERRED, SUPPRESSED, CANCELED)  # nothing ever left for the customer
BEFORE_DELIVERED = (QUEUED, DEFERRED, SENDING, SENT)

# Forward order; `deferred` is a kind of waiting, level with `queued`.
RANK = {QUEUED: 0, DEFERRED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, ACKED: 4}

# target → the statuses it may replace. The whole state machine.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    QUEUED: (DEFERRED, SENDING),  # released when due; failover; a dead holder's lease
    DEFERRED: (QUEUED, SENDING),  # quiet hours / retry / rate limit
    SENDING: (QUEUED,),  # claim
    SENT: (QUEUED, DEFERRED, SENDING),  # our own write, or a provider event
    DELIVERED: (QUEUED, DEFERRED, SENDING, SENT, FAILED),
    ACKED: (SENDING, SENT, DELIVERED),
    FAILED: BEFORE_DELIVERED,
    BOUNCED: BEFORE_DELIVERED,
    SUPPRESSED: (QUEUED, DEFERRED, SENDING),
    CANCELED: (QUEUED, DEFERRED),
}
MOVES: frozenset[tuple[str, str]] = frozenset(
    (source, target) for target, sources in ALLOWED_FROM.items() for source in sources)


def allowed_from(target: str) -> tuple[str, ...]:
    """The statuses `target` may replace."""
    return ALLOWED_FROM[target]


def may_move(current: str, target: str) -> bool:
    return (current, target) in MOVES


def fold(targets: object) -> str | None:
    """The one status a set of provider events leads to, whatever order they came in.

    `delivered` beats a failure (a bounce after delivery does not undo it);
    a failure beats `sent`.
    """
    got = set(targets)  # type: ignore[call-overload]
    if ACKED in got:
        return ACKED
    if DELIVERED in got:
        return DELIVERED
    for failure in (BOUNCED, FAILED):
        if failure in got:
            return failure
    return SENT if SENT in got else None
