"""Mail threading: an incident's or a complaint's messages to one customer show
as one conversation in their mailbox. Only a mailbox reads headers, so no other
channel gets any."""

from __future__ import annotations

MAIL_CHANNELS = frozenset({"email"})


def thread_headers(channel: str, message_id: str, first_id: str) -> dict[str, str]:
    """This message's Message-ID; a later message answers the thread's first."""
    if channel not in MAIL_CHANNELS:
        return {}
    headers = {"Message-ID": message_id}
    if message_id != first_id:
        headers["In-Reply-To"] = headers["References"] = first_id
    return headers
