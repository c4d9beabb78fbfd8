"""Internal labels by shape: a process noun naming a part of our machinery ("the
adjudication queue", "the clearing cycle", "our provisioning engine"). Customers know what
they saw, not what our queues are called."""

from __future__ import annotations

from gateway.messages.lint.english.parse import Token, join, lemmas, sentence_case, sentences
from gateway.messages.lint.findings import Hit

# parts of the machinery a process noun names
_HEADS = {"backlog", "queue", "queues", "cycle", "cycles", "pipeline", "pipelines", "engine",
          "engines", "layer", "layers", "module", "modules", "cluster", "clusters", "node", "nodes",
          "daemon", "daemons", "workflow", "workflows"}
_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ing", "ation")
# process nouns customers meet on their own bills and in their homes
_EVERYDAY = {"billing", "booking", "waiting", "payment", "statement", "appointment", "washing",
             "shopping", "parking", "heating", "cooking", "spring", "morning", "evening",
             "opening", "something", "nothing", "anything", "everything", "king", "ring",
             "thing", "training", "meeting", "listening", "reading", "writing", "weather"}


_PLAIN_QUEUES = {"phone", "call", "telephone", "checkout", "car", "ticket", "taxi", "bus", "post",
                 "office", "shop", "store", "counter", "desk", "till", "line", "web", "online"}


def internal_labels(text: str) -> list[Hit]:
    """Every "<process noun> <queue|cycle|pipeline|...>" not used in everyday speech."""
    hits = []
    for sentence, end in sentences(text):
        failed = _failed_process(text, sentence, end)
        if failed:
            hits.append(failed)
            continue
        if _HEADS.isdisjoint(t.low for t in sentence):
            continue
        for n, tok in enumerate(sentence[1:], 1):
            if tok.low not in _HEADS:
                continue
            mod = sentence[n - 1]
            queued = tok.low in ("queue", "queues") and mod.low not in _PLAIN_QUEUES and bool(
                lemmas(mod.low).get("NOUN"))  # "the triage queue"; not "the phone queue"
            compound = mod.low.count("-") >= 2  # "the pick-and-pack backlog"
            if mod.low in _EVERYDAY or not (mod.low.endswith(_ENDINGS) or queued or compound):
                continue
            start = n - 2 if n >= 2 and sentence[n - 2].low in ("the", "a", "an", "our") else n - 1
            label = join(text, sentence[start], tok)
            said = text[sentence[0].start : end].strip().rstrip(".")
            plain = said.replace(label, "our system", 1)
            hits.append(Hit(
                "jargon",
                (mod.start, tok.end),
                f'"{join(text, mod, tok)}" is our internal name for it',
                f'Say what it means for them: "{sentence_case(plain)}." Better still, what '
                "happens next and when.",
            ))
            break
    return hits


# what a thing of theirs "failed" that only we have a name for: "failed underwriting",
# "failed validation"; not "failed to", "failed delivery", "failed payment"
_PLAIN_FAILS = {"delivery", "payment", "payments", "booking", "login", "check", "checks",
                "test", "tests", "inspection", "everything", "nothing", "security"}


def _failed_process(text: str, sentence: list[Token], end: int) -> Hit | None:
    lows = [t.low for t in sentence]
    if "failed" not in lows:
        return None
    at = lows.index("failed")
    nxt = lows[at + 1 : at + 2]
    if not nxt or nxt[0] in _PLAIN_FAILS or not nxt[0].endswith(("ing", "tion", "ment")):
        return None
    subject = sentence_case(text[sentence[0].start : sentence[at].start].strip())
    return Hit(
        "jargon",
        (sentence[at].start, sentence[at + 1].end),
        f'"{sentence[at + 1].text}" is our internal step',
        f'Say what it means for them: "{subject} did not go through, because <the reason in '
        'plain words>." Then what happens next.',
    )
