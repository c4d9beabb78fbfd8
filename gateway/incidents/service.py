"""The incidents area's entry points, for the API, the console, the jobs and
the areas above (compensation): the conversation after the first notice.

Acks, updates, promised updates, resolution, the follow-up survey, escalation,
opt-outs and replies. Every function works in the caller's transaction and
returns the (delivery id, channel) pairs that must be enqueued *after* the
commit, so a fast worker never looks for a row that is not there yet. Time is a
parameter (`now`) so tests move the clock instead of sleeping.
"""

from __future__ import annotations

from .acks import acknowledge
from .escalation import run_escalations
from .inbound import Inbound, handle_inbound, unsubscribe
from .outreach import Pairs, create_messages, next_seq, reached_rows
from .promises import check_promises
from .surveys import has_answered, record_survey, send_due_surveys
from .updates import Posted, Stage, UpdateIn, post_update, release_held

__all__ = [
    "Inbound",
    "Pairs",
    "Posted",
    "Stage",
    "UpdateIn",
    "acknowledge",
    "check_promises",
    "create_messages",
    "handle_inbound",
    "has_answered",
    "next_seq",
    "post_update",
    "reached_rows",
    "record_survey",
    "release_held",
    "run_escalations",
    "send_due_surveys",
    "unsubscribe",
]
