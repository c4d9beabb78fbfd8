"""Structural checks for Chinese on jieba's segmentation and part-of-speech tags.

Substring lists match "快递" inside "快递员" and miss "都是银行处理太慢". Here
each clause is segmented and the checks look at words and their order: a third
party followed by a negative predicate, a customer followed by a negator, stock
officialese measured against a lexicon.
"""

from __future__ import annotations

import re

from gateway.messages.lint.abbreviations import abbreviations
from gateway.messages.lint.chinese.apology import formal_apology, rumour_denied, sympathy
from gateway.messages.lint.chinese.blame import third_party
from gateway.messages.lint.chinese.causes import causes
from gateway.messages.lint.chinese.customer import customer_blame
from gateway.messages.lint.chinese.occurred import fault_occurred
from gateway.messages.lint.chinese.passive import lost, passive, wrong_result
from gateway.messages.lint.chinese.procedures import named_procedures
from gateway.messages.lint.chinese.segment import owned_near, sentence_spans
from gateway.messages.lint.chinese.shapes import shapes, unnamed_measures
from gateway.messages.lint.chinese.style import generic_apology, minimising, officialese, vague
from gateway.messages.lint.findings import Hit

# an agentless passive softened by an adverb: "被不慎遗失", "被意外删除"
_SOFTENED = re.compile(r"被(?:不慎|意外|不小心|无意间?|无意中)")


def check(text: str) -> list[Hit]:
    """Every structural finding in ``text`` (zh-CN); spans index into ``text``."""
    hits: list[Hit] = []
    for start, end in zip(*sentence_spans(text), strict=True):
        sentence = text[start:end]
        found = third_party(text, start, sentence) + customer_blame(text, start, sentence)
        found += officialese(text, start, sentence) + passive(text, start, sentence)
        found += lost(text, start, sentence) + wrong_result(text, start, sentence)
        found += vague(text, start, sentence) + minimising(text, start, sentence)
        found += generic_apology(text, start, sentence) + formal_apology(text, start, sentence)
        found += sympathy(text, start, sentence) + shapes(text, start, sentence)
        found += causes(start, sentence) + named_procedures(start, sentence)
        found += rumour_denied(start, sentence) + unnamed_measures(start, sentence)
        found += fault_occurred(start, sentence)
        if any(h.code == "passive_evasion" for h in found) and owned_near(
            text, start, sentence, remedy=True
        ) and not (_SOFTENED.search(sentence) and not owned_near(
            text, start, sentence
        )):  # "封面印错了一个字。…我们马上重印。": the message says who did it or makes it right;
            # not "原件在寄送前被不慎遗失了。我们已联系老师重开": softened, the doer still unsaid
            found = [h for h in found if h.code != "passive_evasion"]
        hits += found
    return hits + abbreviations(text, "zh-CN")

