"""Test-render an incident as its first messages go out.

It runs once the first expansion chunk is queued (its renders would otherwise
delay the first message), before the rest of the audience is expanded. For
every locale in the audience and every channel the incident allows, a sample
of customers' first notices is rendered exactly as it will be sent (`sample`:
the audience is sampled, not scanned).
Problems (a missing attribute, a broken template) are stored on the incident
and in the audit log, so comms staff see them at once instead of finding
failed deliveries later; the affected deliveries still fail visibly, one by one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..audit import chain as audit
from ..customers.models import Customer
from ..incidents.audience import Audience, criteria_query, walk
from ..incidents.models import Incident, Recipient
from ..messages.batch_render import BatchRenderer
from ..messages.render import RenderError, get_renderer
from ..store.db import db
from .render_delivery import render_delivery

SAMPLE_PER_LOCALE = 25
HEAD = 2000  # the audience's first customers, where most locales' samples are found
CUSTOMERS = Customer.__table__


def _first(incident: Incident, columns: tuple[Any, ...], limit: int,
           locale: str | None = None) -> list[Any]:
    """The audience's first `limit` customers (of `locale`), in id order: from its
    criteria up to the horizon while its snapshot is still being written (read id
    window by id window, `audience.walk`), else from the snapshot."""
    if incident.snapshot_pending:
        erased = () if any(c is CUSTOMERS.c.erased_at for c in columns) else (
            CUSTOMERS.c.erased_at,)  # `walk` skips erased customers itself
        query = criteria_query(Audience.model_validate(incident.audience), live=False
                               ).with_only_columns(*columns, *erased).order_by(CUSTOMERS.c.id)
        if locale is not None:
            query = query.where(CUSTOMERS.c.locale == locale)
        return walk(query, 0, incident.audience_through or 0, limit, limit)[0]
    query = (select(*columns).join(Recipient, Recipient.customer_id == CUSTOMERS.c.id)
             .where(Recipient.incident_id == incident.id).order_by(Recipient.customer_id))
    if locale is not None:
        query = query.where(CUSTOMERS.c.locale == locale)
    return list(db.session.execute(query.limit(limit)).all())


def sample(incident: Incident) -> dict[str, list[Any]]:
    """Up to SAMPLE_PER_LOCALE customers of each locale of the audience, by locale.

    The first HEAD customers give most locales their sample; a locale counted at
    intake (`audience_locales`) and missing from them is looked up on its own,
    stopping at its sample. Nothing reads the whole audience (a DISTINCT over a
    million customers took longer than sending the first chunk)."""
    chosen: dict[str, list[int]] = {}
    for customer in _first(incident, (CUSTOMERS.c.id, CUSTOMERS.c.locale), HEAD):
        found = chosen.setdefault(customer.locale, [])
        if len(found) < SAMPLE_PER_LOCALE:
            found.append(customer.id)
    rows = db.session.execute(select(*CUSTOMERS.c).where(
        CUSTOMERS.c.id.in_([i for ids in chosen.values() for i in ids]))
        .order_by(CUSTOMERS.c.id)).all()
    out: dict[str, list[Any]] = {}
    for row in rows:
        out.setdefault(row.locale, []).append(row)
    for locale in sorted(set(incident.audience_locales or {}) - set(out)):
        if found_rows := _first(incident, tuple(CUSTOMERS.c), SAMPLE_PER_LOCALE, locale):
            out[locale] = found_rows
    return out


def check(incident: Incident) -> list[dict[str, Any]]:
    renderer = BatchRenderer(get_renderer())
    problems: dict[tuple[str, str, str], list[str]] = {}
    for locale, customers in sorted(sample(incident).items()):
        for channel in incident.channels:
            for customer in customers:
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
