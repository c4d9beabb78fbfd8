"""The fake Twilio: Messages API (send and list), and signed status callbacks."""

from __future__ import annotations

import asyncio
import base64
import re
import time
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

from .core import FakeCore
from .records import Received
from .signing import twilio_signature_headers, twilio_status_params
from .wire import Reply, Request, json_reply

TWILIO_PATH = re.compile(r"/2010-04-01/Accounts/([^/]+)/Messages\.json")


class TwilioFake(FakeCore):
    async def _twilio(self, request: Request, sid: str) -> Reply:
        failure = await self._misbehave("twilio", request)
        if failure is not None:
            status, retry_after = failure
            code = {401: 20003, 429: 20429}.get(status, 20500)
            body = {"code": code, "message": f"fake error {status}",
                    "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}
            return self._answer("twilio", status, body, self._error_headers(retry_after))
        form = dict(parse_qsl(request.body.decode()))
        to, sender, text = (
            str(form.get("To", "")), str(form.get("From", "")), str(form.get("Body", ""))
        )
        channel = "whatsapp" if to.startswith("whatsapp:") else "sms"
        number = to.removeprefix("whatsapp:")
        b = self.behaviour["twilio"]
        code = b.permanent.get(number) or (  # type: ignore[assignment]
            21211 if not re.fullmatch(r"\+[1-9]\d{6,14}", number) else None)
        if code:
            body = {"code": code,
                    "message": f"The 'To' number {number} cannot receive this message.",
                    "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": 400}
            return self._answer("twilio", 400, body)
        msid = f"SM{self._prefix}{next(self._seq):024x}"
        callback = form.get("StatusCallback")
        self._keep(
            Received(
                api="twilio", channel=channel, to=number, sender=sender, subject=None, text=text,
                html=None, headers={}, custom_args={},
                status_callback=str(callback) if callback else None, provider_message_id=msid,
            )
        )
        if b.callbacks and callback and number not in b.silent:
            auth = request.headers.get("authorization", "")
            token = (base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")[2]
                     if auth else "")
            self._spawn(self._twilio_callbacks(str(callback), token, sid, msid, to, sender,
                                               b.final_status.get(number, "delivered")))
        await self._answer_late("twilio", request)
        resource = self._twilio_resource(sid, msid, to, sender, text, time.time())
        return self._answer("twilio", 201, resource)

    @staticmethod
    def _twilio_resource(sid: str, msid: str, to: str, sender: str, text: str | None,
                         at: float) -> dict[str, Any]:
        now = formatdate(at, usegmt=True)
        return {
            "account_sid": sid, "api_version": "2010-04-01", "body": text, "date_created": now,
            "date_sent": None, "date_updated": now, "direction": "outbound-api", "error_code": None,
            "error_message": None, "from": sender, "messaging_service_sid": None, "num_media": "0",
            "num_segments": "1", "price": None, "price_unit": "USD", "sid": msid,
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{sid}/Messages/{msid}/Media.json"},
            "to": to, "uri": f"/2010-04-01/Accounts/{sid}/Messages/{msid}.json",
        }

    def _twilio_list(self, request: Request, sid: str) -> Reply:
        """GET Messages.json: filtered by `To`, `From` and `DateSent>=` / `DateSent<=`
        (a date, or a date-time as the SDK sends it; Twilio compares by day). One page."""
        q = request.query
        to = q.get("To")
        number = to.removeprefix("whatsapp:") if to else None
        sender = q.get("From")

        def day(value: str | None) -> str | None:
            return value[:10] if value else None

        after, before = day(q.get("DateSent>")), day(q.get("DateSent<"))
        rows = []
        for r in list(self._received):
            if r.api != "twilio" or (number and r.to != number) or (sender and r.sender != sender):
                continue
            sent_day = time.strftime("%Y-%m-%d", time.gmtime(r.at))
            if (after and sent_day < after) or (before and sent_day > before):
                continue
            target = f"whatsapp:{r.to}" if r.channel == "whatsapp" else r.to
            rows.append(self._twilio_resource(sid, str(r.provider_message_id), target,
                                              str(r.sender), r.text, r.at))
        rows.reverse()  # newest first, as Twilio lists them
        self.requests["twilio list"] += 1
        uri = f"/2010-04-01/Accounts/{sid}/Messages.json"
        return json_reply(200, {
            "messages": rows, "end": max(len(rows) - 1, 0), "first_page_uri": uri,
            "next_page_uri": None, "page": 0, "page_size": max(len(rows), 50),
            "previous_page_uri": None, "start": 0, "uri": uri})

    async def _twilio_callbacks(
        self, url: str, token: str, account: str, msid: str, to: str, sender: str, final: str
    ) -> None:
        delay = self.behaviour["twilio"].callback_delay_ms / 1000
        for status in ("sent", final):
            await asyncio.sleep(delay)
            error = 30006 if status in ("undelivered", "failed") else None
            params = twilio_status_params(sid=msid, status=status, to=to, from_=sender,
                                          account_sid=account, error_code=error)
            await self._post(url, params, twilio_signature_headers(url, params, token), "twilio")
