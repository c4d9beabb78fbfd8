"""Template catalogue and preview for comms staff."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from pydantic import BaseModel, ConfigDict, Field

from ..compensation import service as compensation
from ..customers.service import CustomerIn
from ..errors import ValidationFailed
from ..incidents.audience import Audience, locales_of_audience
from ..messages.intake_lint import language_findings
from ..messages.preview import UnknownTemplate, catalogue, preview
from ..messages.render import RenderError
from ..vocabulary import KINDS, Channel, Locale, UpdateStage
from .routing import endpoint

bp = Blueprint("templates", __name__, url_prefix="/v1/templates")


class SampleCustomer(CustomerIn):
    external_id: str = Field("sample", max_length=200)


class PreviewUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: UpdateStage
    message: str = Field("", max_length=4000)
    next_update_at: str | None = Field(None, max_length=40)


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(max_length=40, description="An incident kind, `update` or `survey`.",
                      json_schema_extra={"enum": [*KINDS, "update", "survey"]})
    channel: Channel
    locale: Locale
    facts: dict[str, Any] = Field(max_length=50)
    customer: SampleCustomer | None = None
    require_ack: bool = False
    update: PreviewUpdate | None = None
    audience: Audience | None = Field(None, description="With facts naming a compensation "
                                      "policy: quote its total cost and distribution over "
                                      "these customers")


class PreviewOut(BaseModel):
    subject: str | None = None
    text: str
    html: str | None = None
    lint: list[dict[str, Any]]
    sms: dict[str, Any] | None = None
    readability: dict[str, Any]
    compensation: dict[str, Any] | None = Field(
        None, description="The quote (total and distribution per currency) over `audience`")


@endpoint(bp, "/preview", "POST", summary="Render a template with these facts, with lint findings",
          action="templates.preview", body=PreviewIn,
          responses={200: PreviewOut, 404: "`facts.compensation.policy` names nothing",
                     409: "The policy pays per hour of impact and `impact_hours` is missing "
                          "(impact_hours_required)"})
def preview_template(body: PreviewIn) -> Any:
    config = current_app.config["GATEWAY"]
    customer = body.customer.model_dump() if body.customer else None
    quote, owed = compensation.preview(body.facts, body.audience, customer, body.locale)
    try:
        out = preview(body.kind, body.channel, body.locale, body.facts, customer,
                      config.public_url, incident={"require_ack": body.require_ack},
                      update=body.update.model_dump() if body.update else None,
                      contact={"phone": config.support_phone, "email": config.support_email},
                      compensation=owed)
        if body.audience is not None:  # who of them gets another language than their own
            out["lint"] = [f for f in out["lint"] if f["code"] != "locale_fallback"] + \
                language_findings(body.facts, locales_of_audience(body.audience),
                                  body.update.message if body.update else None)
        return {**out, "compensation": quote} if quote else out
    except UnknownTemplate as exc:
        field = next((f for f in ("kind", "locale", "channel") if f in str(exc)), "kind")
        raise ValidationFailed(str(exc), [{"field": field, "message": str(exc)}]) from exc
    except RenderError as exc:
        raise ValidationFailed(f"The template could not be rendered: {exc}",
                               [{"field": "facts", "message": str(exc)}],
                               code="render_error") from exc
    except ValueError as exc:
        raise ValidationFailed(str(exc), [{"field": "facts", "message": str(exc)}]) from exc


@endpoint(bp, "", "GET", summary="Every template with its lint status",
          action="templates.read")
def list_templates() -> Any:
    return {"templates": catalogue(current_app.config["GATEWAY"].public_url)}
