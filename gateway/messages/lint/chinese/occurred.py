"""A fault that "happened" with nobody before it: "但还是发生了这次偏离", "在…升级的时候发生了
异常", "京津线路所突发设备故障". The clause reports the fault as an event; what stands before the
event verb is a time, a "在…的时候" span, a connective or adverb, or a thing, never a doer.

Read on jieba's tags: an event verb (lexicon ``fault_events``) whose object is a fault word
(``fault_occurred``), with only those words before it in its clause. Not when the clause
speaks of a possibility or a prevention (``fault_maybe``), names a doer (``has_actor``, 我, 您),
or the sentence names the fault as ours (``our_fault``) or an earlier clause has us do something
wrong ("我们在升级时改错了一项设置，发生了异常": the doer is said).
"""

from __future__ import annotations

import re

from gateway.messages.lint.chinese.blame import negative
from gateway.messages.lint.chinese.segment import (
    clauses,
    lexicon,
    our_fault,
    segment,
    whose_step,
)
from gateway.messages.lint.findings import Hit, clause_hit

# a time said as a span: "在2月4日凌晨执行升级的时候", "升级时"
_WHEN = re.compile(r"^\s*(?:在|当)?[^，。；]{0,30}?(?:的时候|时候|之时|期间|时)")
# what may stand before the event with no doer: time, number, direction, connective, adverb, a
# thing (nouns, abbreviations, a demonstrative, 的, a measure word)
_LEAD_TAGS = ("t", "m", "f", "c", "d", "n", "j", "eng", "r", "q", "b", "uj", "p")
# after the event, before the fault: 了, a demonstrative or a count ("了这次", "了一次")
_BETWEEN_TAGS = ("ul", "r", "m", "q", "vn", "n", "a")


def fault_occurred(start: int, sentence: str) -> list[Hit]:
    """The first clause of ``sentence`` that reports a fault as an event with no doer."""
    words = lexicon()
    if not any(e in sentence for e in words["fault_events"]) or our_fault(sentence):
        return []
    for at, clause in clauses(sentence, start):
        if re.search("我|您|你", clause):
            if re.search("我们|我司", clause) and negative(clause):
                return []  # we did the wrong thing first: the event that follows has its doer
            continue
        if words["has_actor"].search(clause):
            continue
        tokens = segment(clause.strip())
        names = [w for w, _ in tokens]
        if words["fault_maybe"] & set(names):
            continue
        event = next((k for k, w in enumerate(names) if w in words["fault_events"]), None)
        if event is None:
            continue
        lead = "".join(names[:event])
        span = _WHEN.match(lead)
        rest = list(tokens[:event])
        if span:  # the time span stands whole before the event, whatever its words
            cut = len(span.group(0).strip())
            rest = [t for t in tokens[:event] if (cut := cut - len(t[0])) < 0]
        if any(not tag.startswith(_LEAD_TAGS) for _, tag in rest):
            continue
        after = tokens[event + 1 :]
        fault = next((k for k, (w, _) in enumerate(after) if w in words["fault_occurred"]), None)
        if fault is None or any(not tag.startswith(_BETWEEN_TAGS) for _, tag in after[:fault]):
            continue
        said = "".join(w for w, _ in tokens[event:event + fault + 2])
        return clause_hit(
            "passive_evasion", at, clause, f"“{said}”：说成自己发生的，没说是谁弄的",
            whose_step(sentence),
        )
    return []
