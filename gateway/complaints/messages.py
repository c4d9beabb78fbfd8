"""Render a complaint's messages (acknowledgement, what we did, the survey) for the send path."""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..delivery import tokens
from ..messages.context import build_context
from ..messages.language import detect_language
from ..messages.render import Rendered, get_renderer
from ..messages.threading import thread_headers
from . import topics
from .models import Complaint

TITLES = {"en": ("your complaint", "your complaint ({label})"),
          "zh-CN": ("您反馈的问题", "您反馈的问题（{label}）")}


def title(c: Complaint, locale: str) -> str:
    """What our messages and the survey page call it: "your complaint (late delivery)"."""
    plain, about = TITLES.get(locale, TITLES["en"])
    if c.topic == topics.OTHER:
        return plain
    name = topics.label(c.topic, locale)
    return about.format(label=name.lower() if locale == "en" else name)


def survey_url(c: Complaint, channel: str, message: int) -> str:
    config = current_app.config["GATEWAY"]
    token = tokens.make(config.secret_key, "cs",
                        tokens.LinkToken(c.customer_id, c.id, channel, message))
    return f"{config.public_url}/s/{token}"


def context(c: Complaint, customer: Any, channel: str, message: int,
            purpose: str) -> dict[str, Any]:
    """The template context of one message; `customer` is a Customer or a row with its columns."""
    config = current_app.config["GATEWAY"]
    locale = customer.locale or "en"
    if purpose == "complaint_feedback":  # staff's free text: the message is in its language
        written = detect_language(" ".join(t for t in (c.resolution, c.offer) if t))
        if written and written.split("-")[0] != locale.split("-")[0].lower():
            locale = written
    due = c.contact_due or c.first_contact_due
    return build_context(
        customer={"external_id": customer.external_id, "name": customer.name, "locale": locale,
                  "timezone": customer.timezone, "attributes": customer.attributes},
        contact={"phone": config.support_phone, "email": config.support_email},
        links={"message_url": "", "unsubscribe_url": "",
               "survey_url": survey_url(c, channel, message)
               if purpose == "complaint_survey" else None},
        complaint={"id": c.id, "title": title(c, locale), "first_contact_due": due.isoformat(),
                   "resolution": c.resolution or "", "offer": c.offer,
                   "reopened": c.status == "reopened"})


def render(c: Complaint, customer: Any, channel: str, message: int,
           purpose: str) -> Rendered:
    ctx = context(c, customer, channel, message, purpose)
    return get_renderer().render(purpose, channel, ctx["customer"]["locale"], ctx)


def thread_of(c: Complaint, channel: str, message: int, host: str) -> dict[str, str]:
    """One thread per complaint in the customer's mailbox."""
    return thread_headers(channel, f"<complaint-{c.id}.m{message}@{host}>",
                          f"<complaint-{c.id}.m1@{host}>")
