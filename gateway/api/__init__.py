"""HTTP layer: thin Flask views over the areas' service modules."""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> list[Blueprint]:
    """Every API blueprint. Imported on demand: workers never load the HTTP layer,
    and loading it fills the OpenAPI registry (`routing.registry`)."""
    from . import (
        audit,
        compensation,
        complaints,
        customer_record,
        customers,
        deliveries,
        health,
        incidents,
        metrics,
        openapi,
        pages,
        signals,
        templates,
        updates,
        webhooks,
    )

    return [m.bp for m in (health, openapi, customers, incidents, templates, updates, webhooks,
                           pages, deliveries, audit, metrics, complaints,
                           customer_record, compensation, signals)]
