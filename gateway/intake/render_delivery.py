"""One customer's message rendered exactly as the send path sends it: used by
the send job, the render check before dispatch and the customer record pages."""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..compensation import customer_terms
from ..delivery import tokens
from ..incidents.models import Incident, IncidentUpdate
from ..messages.batch_render import BatchRenderer
from ..messages.render import Rendered
from ..profiling import step

OWN_FAMILY = ("survey", *customer_terms.MESSAGE_PURPOSES)  # purposes with their own templates


def _shared(inc: Incident, purpose: str, update_row: IncidentUpdate | None
            ) -> tuple[Any, dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    """The config, incident, contact and update a batch's messages of one incident share."""
    config = current_app.config["GATEWAY"]
    update = None if update_row is None else {
        "stage": update_row.stage if purpose != "no_news" else "no_news",
        "message": update_row.message, "seq": update_row.seq,
        "next_update_at": update_row.next_update_at.isoformat()
        if update_row.next_update_at else None}
    return (config, {"id": inc.id, "kind": inc.kind, "severity": inc.severity,
                     "title": inc.title, "require_ack": inc.require_ack,
                     "ack_within_minutes": inc.ack_within_minutes},
            {"phone": config.support_phone, "email": config.support_email}, update)


def render_delivery(renderer: BatchRenderer, inc: Incident, c: Any, channel: str, message: int,
                    purpose: str, update_row: IncidentUpdate | None,
                    owed: dict[str, Any] | None = None) -> tuple[Rendered, dict[str, str | None]]:
    """Render one customer's message (and its links) exactly as it will be sent.

    `owed` is the customer's compensation ledger entry when the incident uses a policy."""
    key = (inc.id, purpose, None if update_row is None else update_row.id)
    shared = renderer.per_batch.get(key)
    if shared is None:  # the same for every message of the batch: made once
        shared = renderer.per_batch[key] = _shared(inc, purpose, update_row)
    config, incident, contact, update = shared
    with step("links"):
        link_token = tokens.LinkToken(c.id, inc.id, channel, message)
        links = tokens.links(config.secret_key, config.public_url, link_token,
                             require_ack=inc.require_ack, survey=purpose == "survey")
    rendered = renderer.render(
        purpose if purpose in OWN_FAMILY else inc.kind, channel,
        customer={"external_id": c.external_id, "name": c.name, "locale": c.locale,
                  "timezone": c.timezone, "attributes": c.attributes},
        incident=incident, facts=inc.facts, links=links, contact=contact, update=update,
        compensation=customer_terms.message_terms(owed, inc.facts, c.locale))
    return rendered, links
