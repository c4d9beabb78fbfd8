"""The rules every complaint follows: its statuses and the only moves between
them, the settings they need, and one recorded step (status, timeline event,
audit record). The audit holds ids and statuses, never the customer's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from ..audit import chain as audit
from ..errors import Conflict
from ..store.db import db
from .models import Complaint, ComplaintEvent

STATUSES = ("received", "acknowledged", "in_progress", "resolved", "closed", "reopened")
# The only moves there are: forward, or back to `reopened` when the survey says so.
MOVES: dict[str, frozenset[str]] = {
    "received": frozenset({"acknowledged", "in_progress"}),
    "acknowledged": frozenset({"in_progress"}),
    "in_progress": frozenset({"resolved"}),
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),  # a late low survey score still reopens it
    "reopened": frozenset({"in_progress"}),
}
WAITING_FOR_CONTACT = ("received", "acknowledged", "reopened")
OPEN = (*WAITING_FOR_CONTACT, "in_progress")
LOW_SCORE = 2  # a survey score of 1-2 reopens the complaint
Pairs = list[tuple[int, str]]


@dataclass(frozen=True)
class Settings:
    """What the rules need from the configuration."""

    first_contact_minutes: float = 15.0
    followup_delay_hours: float = 72.0

    @classmethod
    def from_config(cls) -> Settings:
        config = current_app.config["GATEWAY"]
        return cls(first_contact_minutes=config.complaint_first_contact_minutes,
                   followup_delay_hours=config.followup_delay_hours)

    @property
    def window(self) -> timedelta:
        return timedelta(minutes=self.first_contact_minutes)

    @property
    def warn_before(self) -> timedelta:
        """Staff are alerted this long before a contact is due: 5 minutes, or a third of
        the window when it is shorter."""
        return min(timedelta(minutes=5), self.window / 3)


def step(c: Complaint, action: str, *, actor: str, actor_role: str, now: datetime,
          to: str | None = None, data: dict[str, Any] | None = None,
          audit_data: dict[str, Any] | None = None) -> None:
    """Record one step: move the status (if `to`), add a timeline event, append to the audit."""
    before = c.status
    if to is not None and to != before:
        if to not in MOVES[before]:
            raise Conflict(f"Complaint {c.id} is '{before}'; it cannot become '{to}'.",
                           code="complaint_status")
        c.status = to
    db.session.add(ComplaintEvent(complaint_id=c.id, at=now, actor=actor, action=action,
                                  status=c.status, data=data or {}))
    audit.append(f"complaint.{action}", actor=actor, actor_role=actor_role,
                 incident_id=c.incident_id,
                 data={"complaint_id": c.id, "from": before, "to": c.status,
                       **(audit_data or {})})


def open_for_staff(c: Complaint) -> None:
    if c.status == "closed":
        raise Conflict(f"Complaint {c.id} is closed.", code="complaint_status")

