"""Which channel(s) a customer gets an incident's first notice on."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..customers.suppressions import CONTACT_FIELD
from ..delivery.policy import may_send
from ..frozen import quick_init


@quick_init
@dataclass(frozen=True)
class ChannelPlan:
    send: tuple[str, ...]  # channels to send the first notice on now
    # (channel, reason) passed over before the first usable one
    skipped: tuple[tuple[str, str], ...]
    later: tuple[str, ...]  # usable channels kept for escalation


def plan_channels(customer: Any, allowed: list[str], critical: bool,
                  suppressed: set[tuple[str, str]], *, kind: str | None = None,
                  severity: str | None = None) -> ChannelPlan:
    """The incident's channels intersected with the customer's preference order.

    A channel without a contact, or opted out, is skipped with its reason; a
    customer left with no usable channel gets only skipped entries (reported
    as unreached, never silently dropped). Critical incidents use every
    usable channel at once. `customer` is a Customer or a row with its
    `channels` and contact columns.
    """
    order = [c for c in customer.channels if c in allowed]
    usable: list[str] = []
    skipped: list[tuple[str, str]] = []
    for channel in order:
        decision = may_send(customer, channel, suppressed, kind=kind, severity=severity)
        if decision.send:
            usable.append(channel)
            continue
        reason = decision.reason or "opted_out"
        if not usable:
            skipped.append((channel, reason))
    if not order:
        skipped.append((allowed[0], "no_allowed_channel"))
    if critical:
        return ChannelPlan(tuple(usable), tuple(skipped), ())
    return ChannelPlan(tuple(usable[:1]), tuple(skipped), tuple(usable[1:]))


@dataclass
class Planner:
    """`plan_channels` for the many customers of one incident.

    A customer none of whose addresses is opted out gets a plan that depends only
    on their channel order and on which of the incident's channels they have a
    contact for, so each such shape is planned once.
    """

    allowed: list[str]
    critical: bool
    suppressed: set[tuple[str, str]]
    kind: str | None = None
    severity: str | None = None
    _plans: dict[tuple[Any, ...], ChannelPlan] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        # "id" last keeps attrgetter's answer a tuple even for one channel
        self._contacts = attrgetter(*(CONTACT_FIELD[ch] for ch in self.allowed), "id")

    def plan(self, customer: Any, opted_out: bool) -> ChannelPlan:
        """The customer's plan; `opted_out` when one of their addresses is."""
        key: tuple[Any, ...] | None = None
        if not opted_out:
            try:
                key = (*customer.channels, None, *map(bool, self._contacts(customer)[:-1]))
                if (plan := self._plans.get(key)) is not None:
                    return plan
            except TypeError:  # an unhashable channel entry: planned on its own
                key = None
        plan = plan_channels(customer, self.allowed, self.critical, self.suppressed,
                             kind=self.kind, severity=self.severity)
        if key is not None:
            self._plans[key] = plan
        return plan
