"""Rewrite suggestions of the twenty-fourth round (h134): each one a sentence a customer could
be sent, built from theirs, with nothing cut loose and nothing lost.

- ``third_party_blame`` (english/blame.py): a party's thing that failed by itself, with no
  object ("their sorting hub closed", "the bank's system stopped"), is owned as ours ("Our
  sorting hub closed, …") instead of "We closed , …", which lost what closed and left a
  space before the comma; a party itself ("their driver crashed") is still "We". The same
  in a cleft ("It was their sorting hub that closed", english/agents.py).
- ``spaced`` (english/parse.py): the English rewrites that join the rest of a sentence after
  a swapped subject or verb (blame, passive, by-agent, cleft) leave no space before its comma.
- ``minimising`` (english/minimise.py): a judgement cut from "X is purely cosmetic, so …"
  names the thing, not "X is , so …"; "This is a (rare) occurrence, and …" leaves nothing.
- ``unsaid_state`` (english/unspecified.py): "We are experiencing issues" names no thing, so
  no "We: <what does not work>".
- ``_third_party_rewrite`` (chinese/blame.py): in "您的包裹被快递员弄丢了" the passive's
  subject becomes our object ("我们弄丢了您的包裹"), not dropped ("我们弄丢了").
- ``_third_party_rewrite``: an excuse cut from mid-sentence leaves no "，，"; "是银行的问题，
  不是我们的" is owned as "是我们的问题" (the 是 kept, the denial dropped), not "我们的问题，
  不是我们的".
- Review: ``checks.judged`` is the public way to ask whether a rule judges a sentence (train.py
  read ``checks._JUDGED``); OUR_FAULT's "we take responsibility" words are built from ``_WE``.

Sentences written for this file; every suggestion below was broken on main 3e4925a but two
that show what stays as it was ("The bank's staff went home early", "It was the courier that
lost your parcel")."""

import pytest

from gateway.messages.lint import lint_text
from gateway.messages.lint.checks import judged
from gateway.messages.lint.chinese.segment import our_fault

_PARTNER = " If a partner was involved, we chose them: it is ours to fix."

CASES = [
    # a party's thing failed by itself: the thing stays, as ours
    ("en", "Our courier's van broke down, and their sorting hub closed, so your parcel is late.",
     "blame_others",
     "Our van broke down, and their sorting hub closed, so your parcel is late. That is on us."
     + _PARTNER),
    ("en", "Our courier's van broke down, and their sorting hub closed, so your parcel is late.",
     "blame_others", "Our sorting hub closed, so your parcel is late. That is on us." + _PARTNER),
    ("en", "Their payment gateway stopped working, so we could not take your payment.",
     "blame_others",
     "Our payment gateway stopped working, so we could not take your payment. That is on us."
     + _PARTNER),
    ("en", "The airline's computers went down, and your flight was cancelled.", "blame_others",
     "Our computers went down, and your flight was cancelled. That is on us." + _PARTNER),
    ("en", "Royal Mail's sorting office closed, so your letter is late.", "blame_others",
     "Our sorting office closed, so your letter is late. That is on us." + _PARTNER),
    ("en", "The courier's system failed overnight, so we could not ship.", "blame_others",
     "Our system failed overnight, so we could not ship. That is on us." + _PARTNER),
    # the same put in focus by a cleft
    ("en", "It was their sorting hub that closed, so your parcel is late.", "blame_others",
     "Our sorting hub closed, so your parcel is late. That is on us." + _PARTNER),
    ("en", "It was the courier that lost your parcel.", "blame_others",
     "We lost your parcel." + _PARTNER),
    # a party itself, with no object: we did it, and the comma stays tight
    ("en", "Their driver crashed, so the delivery is late.", "blame_others",
     "We crashed, so the delivery is late." + _PARTNER),
    ("en", "The bank's staff went home early, so your transfer is late.", "blame_others",
     "We went home early, so your transfer is late." + _PARTNER),
    # passives and "came about" verbs rewritten with the rest of the sentence after a comma
    ("en", "Mistakes were made, and your parcel is late.", "passive_evasion",
     "We made mistakes, and your parcel is late."),
    ("en", "Your order was cancelled, as per our policy.", "passive_evasion",
     "We cancelled your order, as per our policy."),
    ("en", "Errors crept in, so your bill is wrong.", "passive_evasion",
     "We made errors, so your bill is wrong."),
    # a judgement cut out: what is left is a sentence or nothing
    ("en", "The dent on your bike is purely cosmetic, so it rides fine.", "minimising",
     'Name the harm and let them judge its size: "The dent on your bike: <what it means for '
     'you, and what we are doing about it>."'),
    ("en", "This is a rare occurrence, and we are sorry.", "minimising",
     'Name the harm and let them judge its size: "<what happened to you, and what we are '
     'doing about it>."'),
    # a trouble we have, no thing named
    ("en", "We are experiencing issues, so payments may fail.", "vague",
     'Say what they will see: "<What does not work>, until <day and time>."'),
    ("en", "The app is experiencing issues.", "vague",
     'Say what they will see: "The app: <what does not work>, until <day and time>."'),
    # 被: the passive's subject becomes our object
    ("zh-CN", "您的包裹被快递员弄丢了。", "blame_others", "我们弄丢了您的包裹。这是我们的错。"),
    ("zh-CN", "您的航班被航空公司延误了。", "blame_others", "我们延误了您的航班。这是我们的错。"),
    ("zh-CN", "包裹被快递员弄坏了。", "blame_others", "我们弄坏了包裹。这是我们的错。"),
    ("zh-CN", "您的包裹被快递员给弄丢了。", "blame_others", "我们弄丢了您的包裹。这是我们的错。"),
    ("zh-CN", "您寄的三个箱子被物流公司弄丢了。", "blame_others",
     "我们弄丢了您寄的三个箱子。这是我们的错。"),
    # more after the verb than 了: 把 keeps the order
    ("zh-CN", "您的包裹被快递公司耽误了三天。", "blame_others",
     "我们把您的包裹耽误了三天。这是我们的错。"),
    # more than a noun before 被: still passive, we the doer
    ("zh-CN", "包裹在路上被快递员弄坏了。", "blame_others",
     "包裹在路上被我们弄坏了。这是我们的错。"),
    # an excuse cut from the middle leaves one comma, not two
    ("zh-CN", "您的包裹，由于快递方面的原因，晚到了两天。", "blame_others",
     "您的包裹，晚到了两天。这是我们的错。"),
    # "是X的问题" owned keeps its 是, and the denial after it goes
    ("zh-CN", "您的退款晚到了，是银行的问题，不是我们的。", "blame_others",
     "您的退款晚到了，是我们的问题。这是我们的错。"),
    ("zh-CN", "您的退款晚到了，都是银行的问题。", "blame_others",
     "您的退款晚到了，都是我们的问题。这是我们的错。"),
]

_UPDATE = " That is ours to sort out: we will update you by <day and time>."
_NATURE = 'Say what it means for them and what we are doing: "'
_NATURE_END = ' We <what we are doing for you: how, by when>."'
_YOURS = 'Say what we are doing and what they can do: "'
_YOURS_END = ' We <what we are doing about it, by when>; you can <what helps, if anything>."'

# h140: suggestions that said something untrue on main 984c427 ("We have not replied yet",
# "We delayed your ferry", "We refused the payment", "这次停运是我们造成的"), all but the
# one "The depot lost your parcel" that shows what stays
CASES_TRUE = [
    # a relative clause's "who"/"which" is the party before it, not us: "We have not replied"
    ("en", "We are still waiting on the glass maker, who has not replied to our emails.",
     "blame_others", "We are still waiting on the glass maker, whom we chose: they have not "
     "replied to our emails." + _UPDATE),
    ("en", "The tiles come from a supplier in Porto, which has not confirmed a date.",
     "blame_others", "The tiles come from a supplier in Porto, which we chose: they have not "
     "confirmed a date." + _UPDATE),
    # the weather is no one we chose: no "We delayed", and no partner tail
    ("en", "The fog delayed your ferry by two hours.", "blame_others",
     _NATURE + "The fog delayed your ferry by two hours." + _NATURE_END),
    ("en", "Your sofa was held up by the snow.", "blame_others",
     _NATURE + "The snow held your sofa up." + _NATURE_END),
    ("en", "It was the storm that knocked out power to your street.", "blame_others",
     _NATURE + "The storm knocked out power to your street." + _NATURE_END),
    # the customer's own bank or provider: "We declined your card" would be untrue
    ("en", "Your bank refused the payment for your tickets.", "blame_others",
     _YOURS + "Your bank refused the payment for your tickets." + _YOURS_END),
    ("en", "The top-up was rejected by your card issuer.", "blame_others",
     _YOURS + "Your card issuer rejected the top-up." + _YOURS_END),
    ("en", "It was your bank that stopped the transfer, not us.", "blame_others",
     _YOURS + "Your bank stopped the transfer." + _YOURS_END),
    # a place with no owner named that closed by itself: the place stays, as ours
    ("en", "The depot shut early, so your parcel missed the van.", "blame_others",
     "Our depot shut early, so your parcel missed the van. That is on us." + _PARTNER),
    ("en", "The Leeds factory closed for a week.", "blame_others",
     "Our Leeds factory closed for a week. That is on us." + _PARTNER),
    # a body, or a place that works for us and acts: still "We"
    ("en", "The depot lost your parcel.", "blame_others", "We lost your parcel." + _PARTNER),
    # zh: our wait on them, then their silence: not "我们还没有回复"
    ("zh-CN", "我们一直在等玻璃厂回复，玻璃厂还没有回复。", "blame_others",
     "我们一直在等玻璃厂回复，玻璃厂还没有回复——玻璃厂是我们选的，这是我们的事："
     "我们会在（写出时间）前告诉您进展。"),
    # zh: the weather, and the customer's own bank or provider, are not 我们
    ("zh-CN", "这次停运是暴雪造成的。", "blame_others",
     "这次停运是暴雪造成的。我们已经（写出为您做了什么），（写出日期）前告诉您结果。"),
    ("zh-CN", "您的发卡行拦下了这笔付款。", "blame_others",
     "您的发卡行拦下了这笔付款。我们已经（写出为您做了什么）；您可以（写出能帮上忙的做法）。"),
    ("zh-CN", "这笔订金被您的银行拒绝了。", "blame_others",
     "这笔订金被您的银行拒绝了。我们已经（写出为您做了什么）；您可以（写出能帮上忙的做法）。"),
]


@pytest.mark.parametrize(("locale", "sentence", "code", "suggestion"), CASES + CASES_TRUE)
def test_suggestion_reads_as_a_whole_sentence(locale: str, sentence: str, code: str,
                                              suggestion: str) -> None:
    found = [f.suggestion for f in lint_text(sentence, locale, "what_happened") if f.code == code]
    assert suggestion in found, found


def test_judged_says_whether_a_rule_judges_the_wording() -> None:
    assert judged("The courier lost your parcel.", "en")
    assert not judged("Your parcel arrives on Monday.", "en")


@pytest.mark.parametrize("said", ["我方承担全部责任", "本店负有责任", "我们承担这次的责任"])
def test_every_name_we_use_takes_responsibility(said: str) -> None:
    assert our_fault(said)


def test_responsibility_refused_is_no_fault_owned() -> None:
    assert not our_fault("我们不承担责任")
