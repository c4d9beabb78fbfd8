"""Customer pages, no login: /m (message), /a (ack), /s (survey), /u (unsubscribe).

Tokens are signed and bound to one customer and one incident; a bad one gets
the 404 page. GET never changes anything (mail scanners prefetch links);
only POST acknowledges, answers or unsubscribes. Pages are rendered from
`templates/pages/` in the customer's locale and always say how to reach a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request

from ..compensation import customer_terms
from ..complaints import answers
from ..complaints import messages as complaint_messages
from ..complaints import surveys as complaint_surveys
from ..customers.models import Customer
from ..delivery import tokens
from ..incidents import links
from ..incidents import service as incident_service
from ..incidents.models import Incident
from ..jobs import complaints as complaint_jobs
from ..messages.context import build_context, message_locale
from ..messages.render import get_renderer
from ..vocabulary import CHANNELS, LOCALES

bp = Blueprint("pages", __name__)
SCORES = ("1", "2", "3", "4", "5")
MAX_COMMENT = 2000


def _html(html: str, status: int = 200) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    return response


def _contact() -> dict[str, Any]:
    config = current_app.config["GATEWAY"]
    return {"phone": config.support_phone, "email": config.support_email}


def not_found() -> Response:
    locale = request.accept_languages.best_match(LOCALES) or "en"
    rendered = get_renderer().render_page("not_found", locale, build_context(contact=_contact()))
    return _html(rendered.html or "", 404)


@dataclass(frozen=True)
class _Page:
    """Everything a page needs about one valid token."""

    kind: str
    token: tokens.LinkToken
    customer: Customer
    incident: Incident

    def render(self, page: str, status: int = 200, **page_data: Any) -> Response:
        config = current_app.config["GATEWAY"]
        c, inc = self.customer, self.incident
        update = self._update()
        locale, _ = message_locale(inc.facts, c.locale or "en", (update or {}).get("message"))
        links = tokens.links(config.secret_key, config.public_url, self.token,
                             require_ack=inc.require_ack, survey=self.kind == "s")
        context = build_context(
            customer={"external_id": c.external_id, "name": c.name, "locale": locale,
                      "timezone": c.timezone, "attributes": c.attributes},
            incident={"id": inc.id, "kind": inc.kind, "severity": inc.severity, "title": inc.title,
                      "require_ack": inc.require_ack, "ack_within_minutes": inc.ack_within_minutes},
            facts=inc.facts, links=links, contact=_contact(), update=update,
            compensation=customer_terms.message_terms(customer_terms.entry_of(inc.id, c.id),
                                                      inc.facts, c.locale or "en"))
        context["page"] = {"channel": self.token.channel, **page_data}
        rendered = get_renderer().render_page(page, locale, context)
        return _html(rendered.html or "", status)

    def _update(self) -> dict[str, Any] | None:
        """The update this link came with (message 1, 2, …), else the first notice."""
        if self.token.message <= 0:
            return None
        row = links.update_message(self.incident.id, self.token.message)
        if row is None or row.purpose not in ("update", "no_news"):
            return None
        return {"stage": "no_news" if row.purpose == "no_news" else row.stage,
                "message": row.message, "seq": row.seq,
                "next_update_at": row.next_update_at.isoformat() if row.next_update_at else None}


def _page(kind: str, value: str) -> _Page | None:
    """The page of a valid `kind` token, else None (the 404 page)."""
    token = tokens.read(current_app.config["GATEWAY"].secret_key, kind, value)
    if token is None or token.channel not in CHANNELS:
        return None
    target = links.link_target(token.customer_id, token.incident_id)
    return None if target is None else _Page(kind, token, *target)


def _show(kind: str, value: str, name: str) -> Response:
    """A link's GET page: shows, never changes anything (mail scanners prefetch)."""
    page = _page(kind, value)
    return not_found() if page is None else page.render(name)


def _act(kind: str, value: str, action: Callable[[_Page], object], done: str) -> Response:
    """A link's POST: does what the button says, then the page that says it is done."""
    page = _page(kind, value)
    if page is None:
        return not_found()
    action(page)
    return page.render(done)


@bp.get("/m/<token>")
def message_page(token: str) -> Response:
    return _show("m", token, "message")


@bp.get("/a/<token>")
def ack_page(token: str) -> Response:
    """Shows the message and the "I got it" button; acknowledges nothing."""
    return _show("a", token, "ack")


@bp.post("/a/<token>")
def ack(token: str) -> Response:
    return _act("a", token, lambda page: links.acknowledge(
        page.customer.id, page.incident.id, page.token.channel, page.token.message), "ack_done")


class _ComplaintSurvey:
    """The same survey page for a complaint's follow-up (a `cs` token at /s/)."""

    def __init__(self, value: str) -> None:
        config = current_app.config["GATEWAY"]
        self.url = f"{config.public_url}/s/{value}"
        token = tokens.read(config.secret_key, "cs", value)
        self.complaint = None if token is None or token.channel not in CHANNELS else \
            complaint_surveys.survey_target(token.incident_id, token.customer_id, token.message)

    def render(self, page: str, status: int = 200, **page_data: Any) -> Response:
        assert self.complaint is not None
        customer = answers.customer_of(self.complaint)
        locale = customer.locale or "en"
        context = build_context(
            customer={"external_id": customer.external_id, "name": customer.name,
                      "locale": locale, "timezone": customer.timezone},
            incident={"id": self.complaint.id,
                      "title": complaint_messages.title(self.complaint, locale)},
            links={"survey_url": self.url}, contact=_contact())
        context["page"] = {"channel": self.complaint.reply_channel or "email", **page_data}
        return _html(get_renderer().render_page(page, locale, context).html or "", status)


def _score_and_comment() -> tuple[str, str]:
    return ((request.form.get("score") or "").strip(),
            (request.form.get("comment") or "").strip()[:MAX_COMMENT])


def _complaint_survey(value: str) -> Response:
    survey = _ComplaintSurvey(value)
    if survey.complaint is None:
        return not_found()
    answered = survey.complaint.survey_answered_at is not None
    if request.method == "GET" or answered:
        return survey.render("survey_thanks" if answered else "survey")
    score, comment = _score_and_comment()
    if score not in SCORES:
        return survey.render("survey", 422, error="score")
    pairs = answers.complaint_survey(survey.complaint, int(score), comment or None)
    complaint_jobs.enqueue(pairs)  # a low score: the customer hears a person will call
    return survey.render("survey_thanks")


@bp.get("/s/<token>")
def survey_page(token: str) -> Response:
    page = _page("s", token)
    if page is None:
        return _complaint_survey(token)
    if incident_service.has_answered(page.customer.id, page.incident.id):
        return page.render("survey_thanks")
    return page.render("survey")


@bp.post("/s/<token>")
def survey_answer(token: str) -> Response:
    page = _page("s", token)
    if page is None:
        return _complaint_survey(token)
    score, comment = _score_and_comment()
    if score not in SCORES:
        if incident_service.has_answered(page.customer.id, page.incident.id):
            return page.render("survey_thanks")
        return page.render("survey", 422, error="score")
    complaint = answers.incident_survey(page.customer.id, page.incident.id,
                                        page.token.channel, int(score), comment or None)
    if complaint is not None:
        complaint_jobs.enqueue(complaint.enqueue)
    return page.render("survey_thanks")


@bp.get("/u/<token>")
def unsubscribe_page(token: str) -> Response:
    return _show("u", token, "unsubscribe")


@bp.post("/u/<token>")
def unsubscribe(token: str) -> Response:
    """Also the RFC 8058 one-click target (body `List-Unsubscribe=One-Click`)."""
    return _act("u", token, lambda page: links.unsubscribe(page.customer, page.token.channel),
                "unsubscribe_done")
