"""What customers send that may open, continue or reopen a complaint: an incident's
survey answer, a complaint's follow-up survey, an SMS or WhatsApp reply, a chat
reply. Each is committed, or rolled back as a whole; what to send back comes with
the result, for the adapter to enqueue once committed."""

from __future__ import annotations

from ..customers.models import Customer
from ..delivery.models import InboundMessage
from ..incidents import service as incidents
from ..store.db import db, unit_of_work
from . import intake, surveys
from .models import Complaint
from .steps import Pairs, Settings


def customer_of(complaint: Complaint) -> Customer:
    return db.session.get_one(Customer, complaint.customer_id)


def incident_survey(customer_id: int, incident_id: int, channel: str, score: int,
                    comment: str | None) -> intake.Outcome | None:
    """Store the first answer; a low score with a comment opens a complaint."""
    with unit_of_work():
        first = incidents.record_survey(customer_id, incident_id, channel, score, comment)
        return intake.from_incident_survey(customer_id, incident_id, channel, score, comment,
                                           Settings.from_config()) if first else None


def complaint_survey(complaint: Complaint, score: int, comment: str | None) -> Pairs:
    """A complaint's follow-up answered once; a low score reopens it."""
    with unit_of_work():
        return surveys.answer_survey(complaint, score, comment, Settings.from_config())


def inbound_message(params: dict[str, str], support_phone: str
                    ) -> tuple[incidents.Inbound, intake.Outcome | None]:
    """An SMS or WhatsApp message: STOP, an ack word, or a reply a person must answer
    (a complaint opens or continues)."""
    with unit_of_work():
        result = incidents.handle_inbound(params, support_phone=support_phone)
        complaint = None
        if result.kind == "reply" and result.message_id is not None:
            inbound = db.session.get_one(InboundMessage, result.message_id)
            complaint = intake.from_reply(inbound, Settings.from_config())
    return result, complaint


def chat_reply(customer: Customer, text: str, incident_id: int | None) -> intake.Outcome:
    """A reply through the customer's chat integration opens or continues a complaint."""
    with unit_of_work():
        return intake.from_chat(customer, text, incident_id, Settings.from_config())
