"""Customer messages: templates, rendering, preview and the sincerity linter.

Everything a customer reads is rendered here from ``templates/`` with one
template context, built by :func:`build_context` (the delivery pipeline, the
preview and ``lint-templates`` all use the same shape, so what comms staff
preview is what customers get)::

    {"customer": {"external_id", "name" (may be None), "locale", "timezone",
                  "attributes": {...}},           # e.g. order_id, account
     "incident": {"id", "kind", "severity", "title", "require_ack": bool,
                  "ack_within_minutes"},
     "facts": {"what_happened", "started_at" (ISO str or None), "impact",
               "actions_taken", "customer_actions": [str],
               "compensation": {"description", "amount", "currency", "when"}
                               or None,
               "next_update_at" (ISO or None), ...any extra keys},
     "update": None or {"stage", "message", "next_update_at", "seq"},
               # stage: investigating | identified | monitoring | resolved,
               # or "no_news" for the "no news yet" reminder
     "links": {"message_url", "ack_url" (None unless ack is required),
               "unsubscribe_url", "survey_url" (None unless a survey)},
     "contact": {"phone", "email", "hours"}}  # config, overridden by facts["contact"]

``facts`` here is the facts object of one locale; :func:`select_facts` picks
it from facts keyed by locale. The renderer adds ``locale`` (the template's
locale) and ``part`` (``subject``/``text``/``html``/``body`` for email
templates, ``body`` otherwise) to the context itself. Customer pages also get
``page`` (a dict: ``channel`` for unsubscribe pages, ``error`` for a rejected
form) and, for the message and ack pages, ``message_html`` (the message body).
"""

from gateway.messages.context import (
    build_context,
    sample_context,
    select_facts,
)
from gateway.messages.render import (
    Rendered,
    Renderer,
    RenderError,
    UnknownTemplate,
    get_renderer,
    render_message,
)
from gateway.vocabulary import KINDS, LOCALES

__all__ = [
    "KINDS",
    "LOCALES",
    "Rendered",
    "RenderError",
    "Renderer",
    "UnknownTemplate",
    "build_context",
    "get_renderer",
    "render_message",
    "sample_context",
    "select_facts",
]
