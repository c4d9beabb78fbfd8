"""The follow-up survey: sent FOLLOWUP_DELAY_HOURS after the resolution; 1-2
reopens the complaint, a better score closes it, and a week of silence closes
it too."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..customers.models import Customer
from ..store.db import db, utcnow
from .models import Complaint
from .steps import LOW_SCORE, Pairs, Settings, step
from .to_customer import create_message

CLOSE_UNANSWERED_AFTER = timedelta(days=7)  # after the survey, silence closes it


def survey_target(complaint_id: int, customer_id: int, message: int) -> Complaint | None:
    """The complaint a survey link points at, while the customer is not erased."""
    c = db.session.get(Complaint, complaint_id)
    if c is None or c.customer_id != customer_id or c.survey_message != message:
        return None
    customer = db.session.get(Customer, customer_id)
    return c if customer is not None and customer.erased_at is None else None


def answer_survey(c: Complaint, score: int, comment: str | None, settings: Settings,
                  now: datetime | None = None) -> Pairs:
    """Record the answer once; 1-2 reopens the complaint (a person contacts them again)."""
    now = now or utcnow()
    if c.survey_answered_at is not None:
        return []
    c.survey_answered_at = now
    customer = db.session.get_one(Customer, c.customer_id)
    data = {"score": score, "comment": comment, "message": c.survey_message}
    if score <= LOW_SCORE:
        c.contact_due = now + settings.window
        c.warned_at = None
        c.closed_at = None
        step(c, "reopened", actor=customer.external_id, actor_role="customer", now=now,
              to="reopened", data=data, audit_data={"score": score})
        return create_message(c, "complaint_ack", now)
    c.closed_at = now
    step(c, "closed", actor=customer.external_id, actor_role="customer", now=now, to="closed",
          data=data, audit_data={"score": score})
    return []


def send_due_surveys(settings: Settings, now: datetime | None = None) -> Pairs:
    """FOLLOWUP_DELAY_HOURS after the resolution, ask whether it is really fixed."""
    now = now or utcnow()
    pairs: Pairs = []
    for c in db.session.execute(select(Complaint).where(
            Complaint.status == "resolved", Complaint.survey_sent_at.is_(None),
            Complaint.survey_due_at <= now)).scalars().all():
        created = create_message(c, "complaint_survey", now, quiet_hours=True)
        c.survey_message, c.survey_sent_at = c.messages, now
        step(c, "survey_sent", actor="scheduler", actor_role="system", now=now,
              data={"message": c.messages, "channel": c.reply_channel})
        pairs += created
    return pairs


def close_unanswered(now: datetime | None = None) -> int:
    """A week after the survey with no answer, the complaint is closed."""
    now = now or utcnow()
    rows = db.session.execute(select(Complaint).where(
        Complaint.status == "resolved", Complaint.survey_answered_at.is_(None),
        Complaint.survey_sent_at <= now - CLOSE_UNANSWERED_AFTER)).scalars().all()
    for c in rows:
        c.closed_at = now
        step(c, "closed", actor="scheduler", actor_role="system", now=now, to="closed",
              data={"reason": "no_survey_answer"})
    return len(rows)
