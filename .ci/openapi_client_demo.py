"""Run by .ci/openapi-client: with the client openapi-python-client generated
from /openapi.json, unedited, create a customer, post an incident and read
its report. Exit 1 unless the report is the incident's."""

import os
import sys
from datetime import UTC, datetime, timedelta

from gwclient import AuthenticatedClient
from gwclient.api.customers import put_customer
from gwclient.api.incidents import create_incident, incident_report
from gwclient.models import (
    Audience,
    CustomerIn,
    CustomerInTimezone,
    Facts,
    IncidentIn,
    IncidentInKind,
    IncidentInSeverity,
)

client = AuthenticatedClient(base_url=os.environ["GW_URL"], token=os.environ["GW_KEY"])
customer = put_customer.sync(client=client, external_id="mei-1", body=CustomerIn(
    name="Mei Tan", email="mei@example.com", phone="+14155550123",
    timezone=CustomerInTimezone.EUROPE_BERLIN))
print("customer:", type(customer).__name__, customer.external_id, customer.email,
      customer.channels)
facts = Facts(
    what_happened="Our payment system charged some cards twice on 20 November.",
    impact="You may have been charged twice for one order.",
    actions_taken="We stopped the faulty payment run and are refunding every double charge.",
    next_update_at=datetime.now(UTC) + timedelta(hours=2))
created = create_incident.sync(client=client, idempotency_key="client-demo-1", body=IncidentIn(
    kind=IncidentInKind.BILLING_ERROR, severity=IncidentInSeverity.HIGH, title="Charged twice",
    facts=facts, audience=Audience(customer_ids=["mei-1"])))
print("incident:", type(created).__name__, created.id, created.status, created.audience_size)
report = incident_report.sync(client=client, id=created.id)
print("report:", type(report).__name__, report.incident_id, report.status, report.audience_size)
sys.exit(0 if report.incident_id == created.id else 1)
