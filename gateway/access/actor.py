"""Who is acting: an API caller or a signed-in staff member, as services see them."""

from __future__ import annotations

from typing import Protocol


class Actor(Protocol):
    """The key that acts, the name the audit trail records and its role."""

    @property
    def key_id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> str: ...
