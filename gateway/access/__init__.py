"""Access: which role may do which action, for the API and the console alike."""

from __future__ import annotations

from .actor import Actor
from .policy import ACTIONS, ROLES, STAFF_ROLES, may, roles_for, staff_may

__all__ = ["ACTIONS", "Actor", "ROLES", "STAFF_ROLES", "may", "roles_for", "staff_may"]
