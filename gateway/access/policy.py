"""Who may do what: the one table of actions and the roles allowed each.

The API's endpoints and the console's pages both name an action here, so a
permission is changed in one place and the two cannot disagree. `admin` may do
everything and is never listed; an action listing only `admin` says so plainly.
The order of roles is the order the API's 403 and /openapi.json state them.
"""

from __future__ import annotations

from ..errors import Forbidden

ROLES = ("system", "comms", "approver", "auditor", "admin")
# Who may sign into the console: people, not the integrations that hold `system` keys.
STAFF_ROLES = tuple(role for role in ROLES if role != "system")

_EVERY = ("system", "comms", "approver", "auditor")

ACTIONS: dict[str, tuple[str, ...]] = {
    "customers.write": ("system",),  # put, delete, bulk import
    "customers.read": ("system", "comms"),
    "customers.history": ("system", "comms", "auditor"),  # a customer's incidents, complaints
    "incidents.create": ("system", "comms"),
    "incidents.read": _EVERY,  # an incident, its deliveries and its report
    "incidents.edit": ("system", "comms"),  # while pending approval: re-lints, restarts approval
    "incidents.update": ("system", "comms"),  # post an update to a sent incident
    "incidents.cancel": ("system", "comms"),
    "incidents.approve": ("approver",),  # approve or reject a draft
    "deliveries.export": ("auditor",),  # CSV / NDJSON of an incident's deliveries
    "replies.handle": ("comms",),  # a customer's reply on an incident (console only)
    "templates.read": ("comms", "approver", "auditor"),
    "templates.preview": ("comms",),
    "audit.read": ("auditor",),  # the audit log and its verification
    "complaints.create": ("system", "comms"),
    "complaints.read": ("system", "comms", "auditor"),
    "complaints.act": ("comms",),  # assign, contact, resolve, correct the topic
    "compensation.policy.write": ("admin",),
    "compensation.policy.read": ("comms", "approver", "auditor"),
    "compensation.read": ("system", "auditor"),  # an incident's ledger and its exports
    "compensation.pay": ("system",),
    "signals.post": ("system",),
    "signals.rules.write": ("comms",),
    "signals.read": ("comms", "auditor"),  # rules, early warnings and their drafts
}


def roles_for(action: str) -> tuple[str, ...]:
    """The roles named for `action` (admin aside); KeyError for an unknown one,
    so a misspelt action fails loudly instead of letting only admin in."""
    return ACTIONS[action]


def may(role: str, action: str) -> bool:
    allowed = roles_for(action)
    return role == "admin" or role in allowed


def staff_may(role: str, action: str) -> bool:
    """The console's question: only staff roles sign in there."""
    return role in STAFF_ROLES and may(role, action)


def check(role: str, action: str, *, console: bool = False) -> None:
    """The one role check the API and the console make: Forbidden, naming who
    may, unless `role` may do `action` (on the console: only staff roles)."""
    if not (staff_may if console else may)(role, action):
        allowed = ", ".join(roles_for(action) + ("admin",))
        raise Forbidden(f"The role '{role}' may not do this; allowed: {allowed}.")
