"""Test-render an incident as its first messages go out.

It runs once the first expansion chunk is queued (its renders would otherwise
delay the first message), before the rest of the audience is expanded. For
every locale in the audience and every channel the incident allows, a sample
of customers' first notices is rendered exactly as it will be sent.
Problems (a missing attribute, a broken template) are stored on the incident
and in the audit log, so comms staff see them at once instead of finding
failed deliveries later; the affected deliveries still fail visibly, one by one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..audit import chain as audit
from ..customers.models import Customer
from ..incidents.models import Incident, Recipient
from ..messages.batch_render import BatchRenderer
from ..messages.render import RenderError, get_renderer
from ..store.db import db
from .render_delivery import render_delivery

SAMPLE_PER_LOCALE = 25
CUSTOMERS = Customer.__table__


def check(incident: Incident) -> list[dict[str, Any]]:
    audience = select(Recipient.customer_id).where(Recipient.incident_id == incident.id)
    locales = db.session.execute(select(CUSTOMERS.c.locale).where(
        CUSTOMERS.c.id.in_(audience)).distinct()).scalars().all()
    renderer = BatchRenderer(get_renderer())
    problems: dict[tuple[str, str, str], list[str]] = {}
    for locale in sorted(locales):
        sample = db.session.execute(select(*CUSTOMERS.c).where(
            CUSTOMERS.c.id.in_(audience), CUSTOMERS.c.locale == locale
        ).order_by(CUSTOMERS.c.id).limit(SAMPLE_PER_LOCALE)).all()
        for channel in incident.channels:
            for customer in sample:
                try:
                    render_delivery(renderer, incident, customer, channel, 0, "notice", None)
                except (RenderError, ValueError) as exc:
                    problems.setdefault((channel, locale, str(exc)[:300]), []).append(
                        customer.external_id)
    return [{"channel": channel, "locale": locale, "error": error,
             "sampled_customers_failing": len(ids), "examples": ids[:5]}
            for (channel, locale, error), ids in problems.items()]


def run(incident: Incident) -> None:
    """Check once per incident (expansion may run again after a crash).

    Called inside a read-only transaction: the check reads and renders there,
    and only the short write of its result takes the write lock.
    """
    if incident.render_check is not None:
        return
    problems = check(incident)
    db.session.commit()
    incident = db.session.get_one(Incident, incident.id)
    incident.render_check = problems
    if incident.render_check:
        audit.append("incident.render_problems", actor="worker", actor_role="system",
                     incident_id=incident.id, data={"problems": incident.render_check})
    db.session.commit()
