"""The follow-up survey of a resolved incident, and its answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select

from ..audit import chain as audit
from ..delivery.states import SENT_OR_BETTER
from ..delivery.tracking import insert_ignoring
from ..store.db import db, utcnow
from .models import Followup, Incident, IncidentUpdate, SurveyResponse
from .outreach import Pairs, create_messages, next_seq, reached_rows


def send_due_surveys(now: datetime | None = None) -> dict[Incident, Pairs]:
    """Invite customers to the follow-up survey once FOLLOWUP_DELAY_HOURS have passed."""
    now = now or utcnow()
    out: dict[Incident, Pairs] = {}
    for followup in db.session.execute(select(Followup).where(
            Followup.sent_at.is_(None), Followup.due_at <= now)).scalars().all():
        incident = db.session.get_one(Incident, followup.incident_id)
        seq = next_seq(incident)
        targets = reached_rows(incident, SENT_OR_BETTER)
        db.session.add(IncidentUpdate(
            incident_id=incident.id, seq=seq, purpose="survey", stage="resolved", message="",
            created_by="scheduler", recipients=len(targets), created_at=now))
        db.session.flush()
        # Nobody is woken up for a survey: quiet hours always apply.
        out[incident] = create_messages(incident, seq, "survey", targets, now, quiet_severity="low")
        followup.sent_at, followup.seq, followup.recipients = now, seq, len(targets)
        audit.append("survey.sent", actor="scheduler", actor_role="system", incident_id=incident.id,
                     data={"seq": seq, "recipients": len(targets)})
    return out


def record_survey(customer_id: int, incident_id: int, channel: str, score: int,
                  comment: str | None, now: datetime | None = None) -> bool:
    """Store the answer; True when it is the customer's first for this incident."""
    inserted = insert_ignoring(SurveyResponse, [{
        "incident_id": incident_id, "customer_id": customer_id, "channel": channel,
        "score": score, "comment": comment or None, "created_at": now or utcnow()}],
        SurveyResponse.id)
    return bool(inserted)


def has_answered(customer_id: int, incident_id: int) -> bool:
    return bool(db.session.execute(select(exists().where(
        SurveyResponse.incident_id == incident_id,
        SurveyResponse.customer_id == customer_id))).scalar_one())
