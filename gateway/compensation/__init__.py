"""Compensation as a kept promise: each customer's amount computed from a
versioned policy, stated in their message, tracked in a ledger until paid."""
