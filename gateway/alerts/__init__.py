"""Staff alerts: a signed POST to STAFF_ALERT_WEBHOOK and email to ONCALL_EMAILS."""
