"""Complaints: one customer's problem, handled by a person, with the loop closed.

received → acknowledged → in_progress → resolved → closed, or back to
`reopened` when the follow-up survey says it is not fixed. The rules live in
this package, one module per job (`service` lists them); the API
(`gateway/api/complaints.py`), the console and the scheduler's sweeps (`jobs`)
only call them.
"""
