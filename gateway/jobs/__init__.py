"""Background work on RQ: expansion, sending, and the scheduler's sweeps.

Jobs take ids and plain data, never ORM objects, and are enqueued only after
the commit that created what they work on.
"""
