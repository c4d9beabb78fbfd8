"""What auditors and staff read across areas: the audit chain's verification
(records and the delivery events they seal), delivery logs and exports, and
the incident report.

Above delivery, compensation and signals, which write what these read; the
chain itself (`gateway.audit`) sits below them all, since every area appends.
"""
