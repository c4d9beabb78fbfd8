"""Internal labels by shape: a process noun naming a part of our machinery ("the
adjudication queue", "the clearing cycle", "our provisioning engine"). Customers know what
they saw, not what our queues are called."""

from __future__ import annotations

from gateway.messages.lint.english.parse import Token, join, lemmas, read, sentence_case
from gateway.messages.lint.findings import Hit

# parts of the machinery a process noun names
_HEADS = {"backlog", "queue", "queues", "cycle", "cycles", "pipeline", "pipelines", "engine",
          "engines", "layer", "layers", "module", "modules", "cluster", "clusters", "node", "nodes",
          "daemon", "daemons", "workflow", "workflows", "protocol", "protocols", "variance",
          "variances"}
_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ing", "ation")
# process nouns customers meet on their own bills and in their homes
_EVERYDAY = {"billing", "booking", "waiting", "payment", "statement", "appointment", "washing",
             "shopping", "parking", "heating", "cooking", "spring", "morning", "evening",
             "opening", "something", "nothing", "anything", "everything", "king", "ring",
             "thing", "training", "meeting", "listening", "reading", "writing", "weather"}


# heads customers never use of anything of theirs: "our refund workflow", "the data pipeline"
_OURS_ONLY = {"workflow", "workflows", "pipeline", "pipelines", "daemon", "daemons", "variance",
              "variances"}
# runs of our machinery after a word that is no count: "a delta batch", "the nightly batch"
_BATCH = {"batch", "batches"}
_PLAIN_BATCH = {"a", "the", "this", "that", "next", "first", "new", "fresh", "whole", "same",
                "one", "second", "last", "another", "each", "every", "our", "your", "small",
                "large", "big", "latest", "bad", "faulty", "wrong", "entire", "single"}
# what runs through a real pipe: "the gas pipeline", "the water pipeline"
_PHYSICAL = {"gas", "oil", "water", "fuel", "sewer", "sewage", "steam"}
# a machine part named by another: "queue consumers", "job workers"
_MACHINERY = {"consumer", "consumers", "worker", "workers", "job", "jobs", "batch", "batches",
              "node", "nodes", "queue", "queues"}
# what an engine of ours is for, in its name: "the points engine", "our pricing engine"
_SYSTEM_MODS = {"points", "pricing", "rules", "rating", "billing", "matching", "booking",
                "recommendation", "decision", "loyalty", "rewards", "search", "routing", "quote",
                "quoting", "tariff", "allocation", "scoring", "workflow", "rostering"}


_PLAIN_QUEUES = {"phone", "call", "telephone", "checkout", "car", "ticket", "taxi", "bus", "post",
                 "office", "shop", "store", "counter", "desk", "till", "line", "web", "online"}
# words before a head that name no process (the lemmatiser calls unknown words nouns): "our queue"
_DETERMINERS = {"our", "your", "the", "a", "an", "this", "that", "their", "its", "my", "his",
                "her", "every", "each", "any", "no"}


def internal_labels(text: str) -> list[Hit]:
    """Every "<process noun> <queue|cycle|pipeline|...>" not used in everyday speech."""
    hits = []
    for sentence, end, _lows, wordset in read(text):
        failed = _failed_process(text, sentence, end) or _ranked_or_routed(text, sentence, end)
        if failed:
            hits.append(failed)
            continue
        if _HEADS.isdisjoint(wordset) and _BATCH.isdisjoint(wordset):
            continue
        for n, tok in enumerate(sentence[1:], 1):
            mod = sentence[n - 1]
            if tok.low in _BATCH and mod.low not in _PLAIN_BATCH and (
                    sentence[n + 1 : n + 2] == [] or sentence[n + 1].low != "of") and bool(
                    lemmas(mod.low).get("NOUN") or lemmas(mod.low).get("ADJ")):
                pass  # "a delta batch", "the overnight batch": a run of our machinery
            elif tok.low in _MACHINERY and mod.low in _HEADS | _MACHINERY:
                pass  # "the queue consumers", "the points engine's job queue"
            elif tok.low not in _HEADS:
                continue
            else:
                queued = tok.low in ("queue", "queues") and (
                    mod.low not in _PLAIN_QUEUES | _DETERMINERS) and bool(
                    lemmas(mod.low).get("NOUN"))  # "the triage queue"; not "the phone queue"
                compound = mod.low.count("-") >= 2 or (  # "the pick-and-pack backlog"
                    "-" in mod.low and tok.low in _OURS_ONLY)  # "our mishandled-baggage workflow"
                engine = tok.low in ("engine", "engines") and mod.low in _SYSTEM_MODS
                if mod.low in _PHYSICAL:
                    continue  # "the gas pipeline under Mill Road": a pipe, not our process
                if tok.low in _OURS_ONLY and (mod.low in ("our", "the", "a", "this", "that")
                                              or "NOUN" in lemmas(mod.low)):
                    pass  # "it is now in our workflow", "a stock variance": our staff's word
                elif mod.low in _EVERYDAY or not (mod.low.endswith(_ENDINGS) or queued or compound
                                                  or engine):
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


# how we rank our own work: "a critical incident", "a P1 ticket", "a severity 2 case"
_RANKS = {"critical", "major", "priority", "severity", "sev", "p1", "p2", "p3", "p4", "sev1",
          "sev2", "sev3", "high-priority", "low-priority", "tier"}
_RANK_WORDS = (["severity"], ["priority"], ["tier"], ["level"])
_RANKED = {"incident", "incidents", "ticket", "tickets", "case", "cases"}
_ROUTED = {"routed", "escalated", "assigned", "referred", "transferred", "handed", "passed",
           "raised", "sent", "forwarded"}
# what a team of ours is called inside: "field operations", "second line", "tier 2"
_UNITS = {"operations", "ops", "engineering", "tier", "line", "level", "desk", "resolver",
          "triage", "dispatch", "fulfilment", "fulfillment", "logistics", "network"}


def _ranked_or_routed(text: str, sentence: list[Token], end: int) -> Hit | None:
    """ "We have opened a critical incident and routed it to field operations": our own
    ranks and the names of our teams, where the customer wants who does what, by when."""
    lows = [t.low for t in sentence]
    words = set(lows)
    if _RANKED.isdisjoint(words) and ("to" not in words or _ROUTED.isdisjoint(words)):
        return None
    said = text[sentence[0].start : end].strip().rstrip(".")
    for n, w in enumerate(lows[1:], 1):
        if w in _RANKED and (lows[n - 1] in _RANKS or lows[n - 2 : n - 1] in _RANK_WORDS):
            first = n - (2 if lows[n - 2 : n - 1] in _RANK_WORDS else 1)
            first -= first > 0 and lows[first - 1] in ("a", "an")
            label, plain = join(text, sentence[first], sentence[n]), "an urgent job"
        elif (w == "to" and n + 1 < len(lows) and set(lows[max(0, n - 3) : n]) & _ROUTED
              and lows[n + 1] not in ("our", "the", "a", "an", "your", "you", "us", "me")
              and _UNITS & set(lows[n + 1 : n + 3])):
            last = n + 1 if lows[n + 1] in _UNITS else n + 2
            while last + 1 < len(lows) and (lows[last + 1][:1].isdigit() or lows[last + 1] in (
                    "support", "team", "one", "two", "three")):
                last += 1  # "tier 2 support", "second line support"
            first = n + 1
            label, plain = join(text, sentence[first], sentence[last]), "<the person on it>"
        else:
            continue
        return Hit(
            "jargon",
            (sentence[first].start, sentence[n if plain.startswith("an") else last].end),
            f'"{label}" is our internal name for it',
            f'Say who does what, by when: "{sentence_case(said.replace(label, plain, 1))}, and '
            '<they will do what> by <day and time>."',
        )
    return None
