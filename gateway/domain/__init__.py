"""Domain logic: customers, incidents, idempotency, audit — no HTTP here."""
