"""The one rule of whether a customer may be sent a message on a channel now.

Used at expansion, escalation and send time, so they can never disagree:

- no usable contact on the channel → `suppressed` (`no_contact`);
- the address opted out of the channel → `suppressed` (`opted_out`), except a
  legal notice: a `critical` `data_breach` incident still goes by **email**
  to people who unsubscribed from email (the law in most places requires
  telling them). SMS and WhatsApp opt-outs (STOP) always hold, and a
  non-critical breach respects every opt-out;
- quiet hours: `low`/`medium` messages wait for 08:00–21:00 local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..customers.suppressions import address_hash, contact_of
from ..frozen import quick_init
from .quiet_hours import release_at

LEGAL_NOTICE_KINDS = frozenset({"data_breach"})
LEGAL_NOTICE_CHANNELS = frozenset({"email"})


@quick_init
@dataclass(frozen=True)
class Decision:
    send: bool
    reason: str | None = None  # no_contact | opted_out | quiet_hours
    wait_until: datetime | None = None  # quiet hours: when it may go

    @property
    def status(self) -> str:
        return "queued" if self.send else "deferred" if self.wait_until else "suppressed"


def legal_notice(kind: str | None, severity: str | None, channel: str) -> bool:
    """Whether this message overrides an opt-out of its channel."""
    return (kind in LEGAL_NOTICE_KINDS and severity == "critical"
            and channel in LEGAL_NOTICE_CHANNELS)


def opted_out(channel: str, address: str, suppressed: set[tuple[str, str]], *,
              kind: str | None = None, severity: str | None = None) -> bool:
    """The address's opt-out applies to this message (legal notices excepted)."""
    if not suppressed or legal_notice(kind, severity, channel):
        return False
    return (channel, address_hash(channel, address)) in suppressed


def effective_suppressions(suppressed: set[tuple[str, str]], kind: str | None,
                           severity: str | None) -> set[tuple[str, str]]:
    """The opt-outs that apply to an incident's messages (for channel planning)."""
    return {(ch, h) for ch, h in suppressed if not legal_notice(kind, severity, ch)}


def may_send(customer: Any, channel: str, suppressed: set[tuple[str, str]], *,
             kind: str | None = None, severity: str | None = None,
             timezone: str | None = None, now: datetime | None = None) -> Decision:
    """The decision for one message. Quiet hours only when `now` is given (a
    released message is not held again at send time)."""
    address = contact_of(customer, channel)
    if not address:
        return _NO_CONTACT
    if opted_out(channel, address, suppressed, kind=kind, severity=severity):
        return _OPTED_OUT
    if now is not None and severity is not None:
        wait = release_at(severity, timezone or "UTC", now)
        if wait is not None:
            return Decision(False, "quiet_hours", wait)
    return _SEND


# The decisions that carry no time, made once (frozen: shared by every message).
_SEND, _NO_CONTACT, _OPTED_OUT = (Decision(True), Decision(False, "no_contact"),
                                  Decision(False, "opted_out"))
