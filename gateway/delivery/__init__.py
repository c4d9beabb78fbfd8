"""Delivery state, owned in one place.

`states` lists the statuses and the moves between them (the only such list);
`service` holds the only functions that write `deliveries.status`, each one
guarded UPDATE … RETURNING whose returned rows, and only those, get a
delivery event and a share of the batch's audit record in the same
transaction; `policy` is the one rule of who may be sent what.
"""
