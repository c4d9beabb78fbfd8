"""The template context: one shape for delivery, preview and lint-templates."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from gateway.messages.language import detect_language, facts_language

DEFAULT_LOCALE = "en"

_LOCALE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_keyed_by_locale(facts: Any) -> bool:
    """True when ``facts`` is ``{"en": {...}, "zh-CN": {...}}`` rather than one object."""
    return (
        isinstance(facts, Mapping)
        and bool(facts)
        and all(isinstance(k, str) and _LOCALE_KEY.match(k) and isinstance(v, Mapping)
                for k, v in facts.items())
    )


def _same_language(a: str, b: str) -> bool:
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def facts_for(facts: Mapping[str, Any], locale: str) -> tuple[dict[str, Any], str, bool]:
    """(facts, the message's locale, fell back) for a customer of ``locale``.

    A message is in one language. Facts keyed by locale: the customer's own,
    else ``en`` (else the first) in that language. One facts object is in the
    language of its text (:func:`gateway.messages.language.facts_language`):
    a customer whose locale differs gets the whole message in that language.
    """
    if not is_keyed_by_locale(facts):
        lang = facts_language(facts) if isinstance(facts, Mapping) else None
        if lang is None or _same_language(lang, locale):
            return dict(facts), locale, False
        return dict(facts), lang, True
    by_lower = {k.lower(): k for k in facts}
    if locale.lower() in by_lower:
        return dict(facts[by_lower[locale.lower()]]), locale, False
    if DEFAULT_LOCALE in facts:
        return dict(facts[DEFAULT_LOCALE]), DEFAULT_LOCALE, True
    first = next(iter(facts))
    return dict(facts[first]), first, True


def message_locale(facts: Mapping[str, Any], locale: str,
                   update_message: str | None = None) -> tuple[str, bool]:
    """(the locale a customer's message is written in, fell back) — see :func:`facts_for`.

    An update's free text is in one language too: when it is not the facts'
    language, the customer gets the update in the update's language, with the
    facts of that language (keyed facts) — never one language inside another.
    """
    chosen, used, fell_back = facts_for(facts, locale)
    lang = detect_language(update_message) if update_message else None
    if lang is not None and not _same_language(lang, used):
        return lang, not _same_language(lang, locale)
    return used, fell_back


def fallback_notes(facts: Mapping[str, Any], customers_by_locale: Mapping[str | None, int],
                   update_message: str | None = None) -> list[dict[str, Any]]:
    """Who will get their message in another language than their own, before sending:
    ``[{"locale": their locale, "gets": the message's locale, "customers": n}]``."""
    notes: dict[tuple[str, str], int] = {}
    for locale, count in customers_by_locale.items():
        theirs = locale or DEFAULT_LOCALE
        gets, fell_back = message_locale(facts, theirs, update_message)
        if fell_back and count:
            notes[(theirs, gets)] = notes.get((theirs, gets), 0) + int(count)
    return [{"locale": loc, "gets": gets, "customers": n}
            for (loc, gets), n in sorted(notes.items(), key=lambda item: -item[1])]


def select_facts(facts: Mapping[str, Any], locale: str) -> tuple[dict[str, Any], bool]:
    """Pick the facts for ``locale``; ``fell_back`` is True when the message cannot be in
    ``locale`` (no facts of it: keyed ``en`` facts, or one facts object in another language)."""
    chosen, _, fell_back = facts_for(facts, locale)
    return chosen, fell_back


def _fill(given: Mapping[str, Any] | None, defaults: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(defaults)
    out.update({k: v for k, v in (given or {}).items()})
    return out


def _text(value: Any) -> str:
    """Facts arrive as JSON: show anything that is not text as text, None as empty."""
    return "" if value is None else value if isinstance(value, str) else str(value)


def build_context(
    *,
    customer: Mapping[str, Any] | None = None,
    incident: Mapping[str, Any] | None = None,
    facts: Mapping[str, Any] | None = None,
    links: Mapping[str, Any] | None = None,
    contact: Mapping[str, Any] | None = None,
    update: Mapping[str, Any] | None = None,
    complaint: Mapping[str, Any] | None = None,
    compensation: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the documented context, filling every missing key with its default.

    Callers pass what they have; templates then never meet a missing key
    (they run under StrictUndefined). Facts keyed by locale are narrowed to
    the customer's locale here (use :func:`select_facts` to learn about fallback).
    When the facts name a compensation policy, ``compensation`` is this
    customer's computed entry (with ``money`` already formatted), or None:
    they get nothing under the policy.
    """
    cust = _fill(customer, {"external_id": "", "name": None, "locale": DEFAULT_LOCALE,
                            "timezone": "UTC", "attributes": {}})
    attributes = cust.get("attributes")
    # A read-only mapping (the batch renderer's, which notes what a template reads) as it is.
    cust["attributes"] = (dict(attributes) if isinstance(attributes, dict) else attributes
                          if isinstance(attributes, Mapping) else {})
    cust["name"] = _text(cust["name"]) or None
    cust["timezone"] = _text(cust["timezone"]) or "UTC"
    inc = _fill(incident, {"id": "", "kind": "outage", "severity": "high", "title": "",
                           "require_ack": False, "ack_within_minutes": 60})
    inc["require_ack"] = bool(inc["require_ack"])
    chosen = (facts_for(facts or {}, str(cust["locale"] or DEFAULT_LOCALE))[0]
              if is_keyed_by_locale(facts) else dict(facts or {}))
    fx = _fill(chosen, {"started_at": None, "next_update_at": None})
    for key in ("what_happened", "impact", "actions_taken"):
        fx[key] = _text(fx.get(key))
    for key in ("started_at", "next_update_at"):
        fx[key] = _text(fx[key]) or None
    actions = fx.get("customer_actions") or []
    fx["customer_actions"] = [
        _text(a) for a in (actions if isinstance(actions, list) else [actions]) if a
    ]
    comp = fx.get("compensation")
    if isinstance(comp, Mapping) and "policy" in comp:
        comp = compensation
    if isinstance(comp, Mapping) and comp:
        fx["compensation"] = {k: _text(comp.get(k)) or None
                              for k in ("description", "amount", "currency", "when", "money")}
        fx["compensation"]["description"] = fx["compensation"]["description"] or ""
    else:
        fx["compensation"] = {"description": _text(comp), "amount": None, "currency": None,
                              "when": None, "money": None} if comp else None
    lnk = _fill(links, {"message_url": "", "ack_url": None, "unsubscribe_url": "",
                        "survey_url": None})
    if not inc["require_ack"]:
        lnk["ack_url"] = None
    con = _fill(contact, {"phone": None, "email": None, "hours": None})
    if isinstance(fx.get("contact"), Mapping):
        con.update({k: v for k, v in fx["contact"].items() if k in con and v})
    upd = None
    if update is not None:
        upd = _fill(update, {"stage": "investigating", "message": "", "next_update_at": None,
                             "seq": 1})
    comp_ = None
    if complaint is not None:  # a complaint's own messages (templates/complaint_*)
        comp_ = _fill(complaint, {"id": "", "title": "", "first_contact_due": None,
                                  "resolution": "", "offer": None, "reopened": False})
    return {"customer": cust, "incident": inc, "facts": fx, "update": upd,
            "links": lnk, "contact": con, "complaint": comp_}


# Realistic sample facts: used by lint-templates, the catalogue and preview defaults.
# A compensation's "when" is days after the sample incident began (`_dated`).
_SAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    "outage": {
        "en": {"title": "Checkout was down",
               "what_happened": "Our checkout stopped working, so no one could pay for an order.",
               "impact": "You could not place your order during that time.",
               "actions_taken": "We found the broken part of our checkout and restarted it. "
                                "Orders work again.",
               "customer_actions": ["If your order did not go through, please place it again."],
               "compensation": {"description": "A credit for your next order", "amount": "10.00",
                                "currency": "USD", "when": timedelta(days=7)}},
        "zh-CN": {"title": "结账页面无法使用",
                  "what_happened": "我们的结账页面出了故障，大家都无法付款。",
                  "impact": "这段时间里，您无法提交订单。",
                  "actions_taken": "我们找到了出错的部分并重新启动，现在可以正常下单了。",
                  "customer_actions": ["如果您的订单没有提交成功，请重新下单。"],
                  "compensation": {"description": "下次购物可用的优惠券", "amount": "10.00",
                                   "currency": "CNY", "when": timedelta(days=7)}},
    },
    "degraded_service": {
        "en": {"title": "Our app was slow",
               "what_happened": "Our app and website were very slow. "
                                "Pages took up to a minute to load.",
               "impact": "Your searches and orders took much longer than they should.",
               "actions_taken": "We moved traffic to a second data centre and it is fast again.",
               "customer_actions": [], "compensation": None},
        "zh-CN": {"title": "应用很慢",
                  "what_happened": "我们的应用和网站非常慢，页面最长要等一分钟才能打开。",
                  "impact": "您搜索和下单都比平时慢很多。",
                  "actions_taken": "我们把访问转到了另一个机房，现在速度已恢复。",
                  "customer_actions": [], "compensation": None},
    },
    "data_breach": {
        "en": {"title": "Someone saw your name and email address",
               "what_happened": "Someone got into our customer database and saw names, "
                                "email addresses and order history.",
               "impact": "Your name, email and orders were seen. Your password and card were not.",
               "actions_taken": "We locked them out, closed the gap they used and told the police "
                                "and the data protection regulator.",
               "customer_actions": [
                   "Change your password for this account today.",
                   "Be careful with emails that mention your orders "
                   "and ask you to pay or to log in. We never ask for your password.",
                   "If you used the same password anywhere else, change it there too.",
               ],
               "compensation": {"description": "A free year of identity monitoring", "amount": None,
                                "currency": None, "when": timedelta(days=3)}},
        "zh-CN": {"title": "有人看到了您的姓名和邮箱",
                  "what_happened": "有人进入了我们的客户数据库，看到了姓名、邮箱和订单记录。",
                  "impact": "您的姓名、邮箱和订单被看到了，密码和银行卡没有。",
                  "actions_taken": "我们已把对方挡在外面，堵上了漏洞，并已报警和通知监管机构。",
                  "customer_actions": ["请今天修改这个账户的密码。",
                                       "小心提到您订单并要求付款或登录的邮件。我们绝不会向您索要密码。",
                                       "如果其他网站也用了同一个密码，请一并修改。"],
                  "compensation": {"description": "一年免费的身份信息监控服务", "amount": None,
                                   "currency": None, "when": timedelta(days=3)}},
    },
    "delivery_delay": {
        "en": {"title": "Your order is late",
               "what_happened": "We packed fewer orders than planned in our warehouse this week.",
               "impact": "Your order will arrive on Thursday instead of Monday.",
               "actions_taken": "We added extra staff and your parcel leaves our warehouse "
                                "tomorrow by express.",
               "customer_actions": [],
               "compensation": {"description": "A refund of your shipping cost", "amount": "4.99",
                                "currency": "USD", "when": timedelta(days=4)}},
        "zh-CN": {"title": "您的订单晚到了",
                  "what_happened": "这周我们仓库打包的订单比计划少。",
                  "impact": "您的订单会在周四送到，而不是周一。",
                  "actions_taken": "我们增加了人手，您的包裹明天改用加急快递发出。",
                  "customer_actions": [],
                  "compensation": {"description": "退还您的运费", "amount": "12.00",
                                   "currency": "CNY", "when": timedelta(days=4)}},
    },
    "billing_error": {
        "en": {"title": "We charged you twice",
               "what_happened": "Our payment system charged some cards twice for the same order.",
               "impact": "We charged your card twice, $42.00 each time.",
               "actions_taken": "We stopped the faulty payment run and sent back every extra "
                                "charge.",
               "customer_actions": ["You don't need to do anything. "
                                    "The refund reaches your card by itself."],
               "compensation": {"description": "A credit for your next order, on top of the refund",
                                "amount": "10.00", "currency": "USD", "when": timedelta(days=5)}},
        "zh-CN": {"title": "我们重复扣了您的款",
                  "what_happened": "我们的支付系统对同一笔订单扣了两次款。",
                  "impact": "您被扣了两次款，每次42元。",
                  "actions_taken": "我们停止了出错的扣款程序，并退回了所有多扣的钱。",
                  "customer_actions": ["您不需要做任何事，退款会自动到账。"],
                  "compensation": {"description": "退款之外，再送您一张优惠券", "amount": "10.00",
                                   "currency": "CNY", "when": timedelta(days=5)}},
    },
    "maintenance": {
        "en": {"title": "Planned work on Sunday night",
               "what_happened": "We need to replace some of our servers.",
               "impact": "You will not be able to log in or place orders for up to two hours.",
               "actions_taken": "We picked the quietest time of the week and will keep the work "
                                "as short as we can.",
               "customer_actions": ["If you need to order something, "
                                    "please do it before the work starts."],
               "compensation": None},
        "zh-CN": {"title": "周日夜间维护",
                  "what_happened": "我们需要更换一部分服务器。",
                  "impact": "最多两个小时内，您无法登录或下单。",
                  "actions_taken": "我们选了一周中人最少的时间，并会尽量缩短维护时间。",
                  "customer_actions": ["如需下单，请在维护开始前完成。"],
                  "compensation": None},
    },
    "product_defect": {
        "en": {"title": "Your heater can overheat",
               "what_happened": "We found that the heater we sold you can overheat "
                                "when it runs for many hours.",
               "impact": "Your heater is not safe to use.",
               "actions_taken": "We stopped selling this heater and have a safe replacement "
                                "ready for you.",
               "customer_actions": ["Stop using the heater and unplug it now."],
               "compensation": {"description": "A free replacement heater, "
                                               "and we collect the old one at no cost",
                                "amount": None, "currency": None, "when": timedelta(days=10)}},
        "zh-CN": {"title": "您的取暖器可能过热",
                  "what_happened": "我们发现卖给您的取暖器长时间使用后可能过热。",
                  "impact": "您的取暖器不能安全使用。",
                  "actions_taken": "我们已停售这款取暖器，并为您准备好了安全的新机。",
                  "customer_actions": ["请立即停止使用并拔掉电源。"],
                  "compensation": {"description": "免费换一台新的取暖器，并免费上门取回旧的",
                                   "amount": None, "currency": None, "when": timedelta(days=10)}},
    },
}

_SAMPLE_CUSTOMERS = {
    "en": {"external_id": "c-1001", "name": "Mei Tan", "locale": "en",
           "timezone": "Europe/London",
           "attributes": {"order_id": "58213", "account": "mei@example.com"}},
    "zh-CN": {"external_id": "c-1002", "name": "李梅", "locale": "zh-CN",
              "timezone": "Asia/Shanghai",
              "attributes": {"order_id": "58213", "account": "li@example.com"}},
}
_SAMPLE_CONTACT = {
    "en": {"phone": "0800 123 456", "email": "help@example.com", "hours": "every day, 8am to 8pm"},
    "zh-CN": {"phone": "400-123-4567", "email": "help@example.com", "hours": "每天早8点到晚8点"},
}
_SAMPLE_UPDATE = {
    "en": {"investigating": "We are still finding out why checkout stopped. "
                            "We have more people on it.",
           "identified": "It was a change we made this morning. We are undoing it now.",
           "monitoring": "Checkout works again for everyone.",
           "resolved": "Everything works again. We checked every order placed during the problem.",
           "no_news": ""},
    "zh-CN": {"investigating": "我们还在查找结账失败的原因，已经增加了人手。",
              "identified": "是我们今天早上做的一次改动，我们正在撤回。",
              "monitoring": "结账已对所有人恢复正常。",
              "resolved": "一切已恢复正常。我们检查了出问题期间的每一笔订单。",
              "no_news": ""},
}


def _sample_start(now: datetime | None = None) -> datetime:
    """When the sample incident began: two hours ago, on the ten minutes, so a preview's
    dates read as this week's and never rot into the past."""
    at = (now or datetime.now(UTC)) - timedelta(hours=2)
    return at.replace(minute=at.minute - at.minute % 10, second=0, microsecond=0)


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def sample_facts(kind: str, locale: str, start: datetime | None = None) -> dict[str, Any]:
    """Realistic facts for ``kind`` in ``locale`` (en when the locale has none), dated
    from ``start`` (default: `_sample_start`)."""
    start = start or _sample_start()
    by_locale = _SAMPLES.get(kind, _SAMPLES["outage"])
    facts = copy.deepcopy(by_locale.get(locale, by_locale[DEFAULT_LOCALE]))
    facts.pop("title", None)
    compensation = facts.get("compensation")
    if compensation and isinstance(compensation.get("when"), timedelta):
        compensation["when"] = (start.date() + compensation["when"]).isoformat()
    facts.setdefault("started_at", _iso(start))
    facts.setdefault("next_update_at", _iso(start + timedelta(hours=3, minutes=50)))
    return facts


def sample_context(
    kind: str,
    locale: str,
    *,
    public_url: str = "https://status.example.com",
    require_ack: bool = True,
    stage: str | None = None,
    survey: bool = False,
) -> dict[str, Any]:
    """A full, realistic context for previews and lint-templates.

    ``stage`` makes it an update context (one of :data:`UPDATE_STAGES`);
    ``survey`` adds the survey link. Only first notices ask for an ack.
    """
    loc = locale if locale in _SAMPLE_CUSTOMERS else DEFAULT_LOCALE
    require_ack = require_ack and not stage
    base = public_url.rstrip("/")
    title = _SAMPLES.get(kind, _SAMPLES["outage"]).get(loc, _SAMPLES["outage"]["en"])["title"]
    start = _sample_start()
    update = None
    if stage:
        later = _iso(start + timedelta(hours=5, minutes=50))
        update = {"stage": stage, "message": _SAMPLE_UPDATE[loc][stage],
                  "next_update_at": None if stage == "resolved" else later,
                  "seq": 1}
    return build_context(
        customer=_SAMPLE_CUSTOMERS[loc],
        incident={"id": "inc-7f3a", "kind": kind, "severity": "high", "title": title,
                  "require_ack": require_ack, "ack_within_minutes": 60},
        facts=sample_facts(kind, loc, start),
        links={"message_url": f"{base}/m/sample-token", "ack_url": f"{base}/a/sample-token",
               "unsubscribe_url": f"{base}/u/sample-token",
               "survey_url": f"{base}/s/sample-token" if survey else None},
        contact=_SAMPLE_CONTACT[loc],
        update=update,
    )


_SAMPLE_COMPLAINT = {
    "en": {"id": 41, "title": "your complaint (refund not received)",
           "resolution": "We found your refund of $42.00. It was stuck in our system. "
                         "We sent it again today and it reaches your card within two days.",
           "offer": "a $10 credit for your next order, in your account now", "reopened": False},
    "zh-CN": {"id": 41, "title": "您反馈的问题（退款未到账）",
                 "resolution": "我们找到了您那笔42元的退款，它卡在了我们的系统里。"
                            "今天已重新退回，两天内到账。",
              "offer": "一张10元优惠券，已放入您的账户", "reopened": False},
}


def sample_complaint_context(family: str, locale: str, *,
                             public_url: str = "https://status.example.com") -> dict[str, Any]:
    """A realistic context for a complaint message (`complaint_ack`, `…_feedback`, `…_survey`)."""
    loc = locale if locale in _SAMPLE_CUSTOMERS else DEFAULT_LOCALE
    base = public_url.rstrip("/")
    return build_context(
        customer=_SAMPLE_CUSTOMERS[loc], contact=_SAMPLE_CONTACT[loc],
        links={"message_url": "", "unsubscribe_url": "",
               "survey_url": f"{base}/s/sample-token" if family == "complaint_survey" else None},
        complaint={**_SAMPLE_COMPLAINT[loc],
                   "first_contact_due": _iso(_sample_start() + timedelta(minutes=15))})
