"""Structural checks for Chinese on jieba's segmentation and part-of-speech tags.

Substring lists match "快递" inside "快递员" and miss "都是银行处理太慢". Here
each clause is segmented and the checks look at words and their order: a third
party followed by a negative predicate, a customer followed by a negator, stock
officialese measured against a lexicon.
"""

from __future__ import annotations

from gateway.messages.lint.abbreviations import abbreviations
from gateway.messages.lint.chinese.apology import formal_apology, sympathy
from gateway.messages.lint.chinese.blame import third_party
from gateway.messages.lint.chinese.causes import causes
from gateway.messages.lint.chinese.customer import customer_blame
from gateway.messages.lint.chinese.passive import lost, passive, wrong_result
from gateway.messages.lint.chinese.segment import SENTENCE
from gateway.messages.lint.chinese.shapes import shapes
from gateway.messages.lint.chinese.style import generic_apology, minimising, officialese, vague
from gateway.messages.lint.findings import Hit


def check(text: str) -> list[Hit]:
    """Every structural finding in ``text`` (zh-CN); spans index into ``text``."""
    hits: list[Hit] = []
    for m in SENTENCE.finditer(text):
        sentence, start = m.group(0), m.start()
        hits += third_party(text, start, sentence) + customer_blame(text, start, sentence)
        hits += officialese(text, start, sentence) + passive(text, start, sentence)
        hits += lost(text, start, sentence) + wrong_result(text, start, sentence)
        hits += vague(text, start, sentence) + minimising(text, start, sentence)
        hits += generic_apology(text, start, sentence) + formal_apology(text, start, sentence)
        hits += sympathy(text, start, sentence) + shapes(text, start, sentence)
        hits += causes(start, sentence)
    return hits + abbreviations(text, "zh-CN")

