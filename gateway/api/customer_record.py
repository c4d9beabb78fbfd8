"""The customer record API: `GET /v1/customers/{external_id}/history` (thin; see
`gateway.complaints.record`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..complaints import record
from ..customers import service as customers
from ..intake.render_delivery import render_delivery
from .routing import endpoint

bp = Blueprint("customer_record", __name__, url_prefix="/v1/customers")


@endpoint(bp, "/<external_id:external_id>/history", "GET",
          summary="Everything between us and one customer: incidents with the text they got, "
                  "deliveries, acks, replies, complaints with timelines, surveys",
          action="customers.history", responses={200: None, 404: "No such customer"})
def customer_history(external_id: str) -> Any:
    return record.history(customers.live_customer(external_id), render_delivery)
