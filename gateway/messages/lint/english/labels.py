"""Internal labels by shape: a process noun naming a part of our machinery ("the
adjudication queue", "the clearing cycle", "our provisioning engine"). Customers know what
they saw, not what our queues are called."""

from __future__ import annotations

from gateway.messages.lint.english.parse import join, lemmas, sentence_case, sentences
from gateway.messages.lint.findings import Hit

# parts of the machinery a process noun names
_HEADS = {"queue", "queues", "cycle", "cycles", "pipeline", "pipelines", "engine", "engines",
          "layer", "layers", "module", "modules", "cluster", "clusters", "node", "nodes",
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
        if _HEADS.isdisjoint(t.low for t in sentence):
            continue
        for n, tok in enumerate(sentence[1:], 1):
            if tok.low not in _HEADS:
                continue
            mod = sentence[n - 1]
            queued = tok.low in ("queue", "queues") and mod.low not in _PLAIN_QUEUES and bool(
                lemmas(mod.low).get("NOUN"))  # "the triage queue"; not "the phone queue"
            if mod.low in _EVERYDAY or not (mod.low.endswith(_ENDINGS) or queued):
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
