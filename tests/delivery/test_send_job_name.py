"""The API enqueues send jobs by the name `gateway/jobs/batches.py` gives (it does not
import the send job, to stay small): that name must be the send job's own, or every
job the API enqueues fails in the worker."""

from __future__ import annotations

from rq.utils import import_attribute

from gateway.jobs.batches import SEND_JOB
from gateway.jobs.send import send_batch


def test_the_name_the_api_enqueues_send_jobs_by_is_the_send_jobs_own() -> None:
    assert import_attribute(SEND_JOB) is send_batch
