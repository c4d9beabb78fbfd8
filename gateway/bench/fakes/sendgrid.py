"""The fake SendGrid: v3 Mail Send, and signed Event Webhook batches posted back."""

from __future__ import annotations

import asyncio
import functools
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

from .core import FakeCore
from .records import Received
from .signing import sendgrid_event
from .wire import Reply, Request

_BOUNCE = {
    "type": "bounce", "reason": "550 5.1.1 The email account does not exist.", "status": "5.1.1",
}
_SUBST_LIMIT = 10_000


@functools.lru_cache(maxsize=256)
def _tag_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def _substitute(value: str | None, subs: Mapping[str, str]) -> str | None:
    """Apply substitution tags in one pass, so values are never re-substituted."""
    if value is None or not subs:
        return value
    return _tag_pattern(tuple(subs)).sub(lambda m: subs[m.group(0)], value)


class SendGridFake(FakeCore):
    async def _sendgrid(self, request: Request) -> Reply:
        failure = await self._misbehave("sendgrid", request)
        if failure is not None:
            status, retry_after = failure
            message = "authorization required" if status == 401 else f"fake error {status}"
            body = {"errors": [{"message": message, "field": None, "help": None}]}
            return self._answer("sendgrid", status, body, self._error_headers(retry_after))
        try:
            mail = json.loads(request.body)
            errors = self._sendgrid_errors(mail)
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            errors = [{"message": f"malformed request: {e}", "field": None, "help": None}]
        if errors:
            return self._answer("sendgrid", 400, {"errors": errors})
        xid = secrets.token_urlsafe(16)
        b = self.behaviour["sendgrid"]
        contents = {c["type"]: c["value"] for c in mail.get("content", [])}
        for i, p in enumerate(mail["personalizations"]):
            subs = p.get("substitutions") or {}
            args = {**mail.get("custom_args", {}), **p.get("custom_args", {})}
            for to in p["to"]:
                if self.record != "full":
                    self._count("email")
                else:
                    self._keep(Received(
                        api="sendgrid",
                        channel="email",
                        to=to["email"],
                        sender=mail["from"]["email"],
                        subject=_substitute(p.get("subject", mail.get("subject")), subs),
                        text=_substitute(contents.get("text/plain"), subs),
                        html=_substitute(contents.get("text/html"), subs),
                        headers={**mail.get("headers", {}), **p.get("headers", {})},
                        custom_args=args,
                        status_callback=None,
                        provider_message_id=xid,
                    ))
                if b.callbacks and self.sendgrid_event_url and to["email"] not in b.silent:
                    final = b.final_status.get(to["email"], "delivered")
                    mid = f"{xid}.filter0001.{i}.0"
                    self._events.append(sendgrid_event("processed", email=to["email"],
                                                       message_id=mid, custom_args=args))
                    extra = _BOUNCE if final == "bounce" else {}
                    self._events.append(sendgrid_event(final, email=to["email"], message_id=mid,
                                                       custom_args=args, **extra))
        await self._answer_late("sendgrid", request)
        return self._answer("sendgrid", 202, None, {"X-Message-Id": xid})

    def _sendgrid_errors(self, mail: dict[str, Any]) -> list[dict[str, Any]]:
        """The checks real Mail Send makes that our provider must cope with."""
        def err(message: str, where: str | None) -> dict[str, Any]:
            return {"message": message, "field": where, "help": None}

        if not mail.get("from", {}).get("email"):
            return [err("The from object must be provided for every email send.", "from")]
        ps = mail.get("personalizations") or []
        if not 1 <= len(ps) <= 1000:
            return [err("The personalizations field must have 1 to 1000 items.",
                        "personalizations")]
        errors = []
        permanent = self.behaviour["sendgrid"].permanent
        for i, p in enumerate(ps):
            for j, to in enumerate(p.get("to") or []):
                address = to.get("email", "")
                if "@" not in address or address in permanent:
                    errors.append(err("Does not contain a valid address.",
                                      f"personalizations.{i}.to.{j}.email"))
            size = sum(len(k.encode()) + len(v.encode())
                       for k, v in (p.get("substitutions") or {}).items())
            if size > _SUBST_LIMIT:
                errors.append(err("Substitutions may not exceed 10000 bytes per personalization.",
                                  f"personalizations.{i}.substitutions"))
        return errors

    async def _flush_events(self) -> None:
        """Post queued SendGrid events in signed batches, as the Event Webhook does."""
        while True:
            await asyncio.sleep(0.2)
            b = self.behaviour["sendgrid"]
            if not self._events or not self.sendgrid_event_url:
                continue
            if b.callback_delay_ms:
                await asyncio.sleep(b.callback_delay_ms / 1000)
            batch, self._events = self._events[:1000], self._events[1000:]
            payload = json.dumps(batch).encode()
            await self._post(self.sendgrid_event_url, payload, self.signer.headers(payload))
