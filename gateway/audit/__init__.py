"""Audit: the hash-chained log, its verification, exports and reports."""
