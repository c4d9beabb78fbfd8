"""Third parties named in other shapes than the subject: the agent of a passive ("your parcel
was lost by the courier") and the focus of a cleft ("it was the payment company that made
the error"). Both put the failure on someone else."""

from __future__ import annotations

from gateway.messages.lint.english.blame import (
    agentive,
    is_actor,
    is_failure,
    outside_doer,
    outside_rewrite,
    owned_part,
)
from gateway.messages.lint.english.parse import (
    Token,
    clause_list,
    join,
    lexicon,
    lower_first,
    owns,
    past,
    read,
    sentence_case,
    sentences,
    spaced,
    verb_lemma,
)
from gateway.messages.lint.english.words import BE
from gateway.messages.lint.findings import Hit

_OWN_TAIL = " If a partner was involved, we chose them: it is ours to fix."


def third_party_agents(text: str) -> list[Hit]:
    """Every passive with a third party as agent and every cleft that focuses one."""
    hits: list[Hit] = []
    parsed = sentences(text)
    for n, (sentence, end, _lows, lows) in enumerate(read(text)):
        if "by" not in lows and not lows & {"it", "it's", "it’s"}:
            continue  # neither shape: nothing to parse
        if owns(sentence) or (text[end : end + 1] == ";" and n + 1 < len(parsed)
                              and owns(parsed[n + 1][0])):
            continue  # "...; we are responsible for its mistakes": owned
        for clause in clause_list(sentence):
            hit = _by_them(text, clause) or _cleft(text, clause, sentence[0], end)
            if hit:
                hits.append(hit)
        contrast = _without_contrast(sentence)
        if contrast is not None and not any(h.span[0] == sentence[0].start for h in hits):
            hit = _cleft(text, contrast, sentence[0], end)  # "It was X, not Y, that ..."
            if hit:
                hits.append(hit)
    return hits


def _without_contrast(sentence: list[Token]) -> list[Token] | None:
    """ "It was the mobile network, not our app, that stopped ...": the cleft with its
    contrast (", (and) not X,") taken out, so its focus and its relative clause meet."""
    lows = [t.low for t in sentence]
    if lows[:2] not in (["it", "was"], ["it", "is"]) and lows[:1] not in (["it's"], ["it’s"]):
        return None
    for n, w in enumerate(lows):
        if w != "," or lows[n + 1 : n + 2] not in (["not"], ["and"], ["but"]):
            continue
        if "not" not in lows[n + 1 : n + 3]:
            continue
        close = next((k for k in range(n + 2, len(lows)) if lows[k] == ","), None)
        if close is not None:
            return sentence[:n] + sentence[close + 1 :]
    return None


def _by_them(text: str, clause: list[Token]) -> Hit | None:
    """ "Your parcel was lost by the courier": a failure verb with a third party after "by"."""
    lows = [t.low for t in clause]
    if "by" not in lows:
        return None
    words = lexicon()
    for i, low in enumerate(lows[1:], 1):
        if low not in BE:
            continue
        j = i + 1
        while j < len(lows) and lows[j].endswith("ly"):
            j += 1
        lemma = verb_lemma(lows[j], "VBN") if j < len(lows) else None
        by = lows.index("by") if "by" in lows[j:] else -1
        if not lemma or by < j or by > j + 3:
            return None
        agent = clause[by + 1 :]
        if agent and (agent[0].low in words["anchors"] or agent[0].low[:1].isdigit()):
            return None  # "will be done by Friday": a time, not an agent
        harm = (
            lemma in words["failure_verbs"]
            and (lemma not in words["particle_verbs"] or bool(set(lows) & words["particles"]))
        ) or bool(set(lows) & words["failure_objects"])
        if not agent or not harm or not is_actor(agent, clause[0]):
            return None  # "is run for us by Northgate": no failure named
        subject = lower_first(join(text, clause[0], clause[i - 1]))
        middle = text[clause[j].end : clause[by].start].strip()
        doer = outside_doer(agent)  # "by the snow", "by your bank": that doer stays the subject
        rewrite = spaced(join(text, agent[0], agent[-1]) if doer else "We", past(lows[j], lemma),
                         subject, middle)
        return Hit(
            "blame_others",
            (clause[0].start, clause[-1].end),
            f'"{join(text, agent[0], agent[-1])}" is named as the one who did it',
            outside_rewrite(doer, rewrite) if doer else
            sentence_case(rewrite).rstrip(".") + "." + _OWN_TAIL,
        )
    return None


def _cleft(text: str, clause: list[Token], first: Token, end: int) -> Hit | None:
    """ "It was the payment company that made the error": a cleft that puts a third party
    in focus as the doer of a failure."""
    lows = [t.low for t in clause]
    if not (lows[:1] in (["it's"], ["it’s"]) or lows[:2] in (["it", "was"], ["it", "is"])):
        return None
    start = 1 if lows[0] in ("it's", "it’s") else 2
    rel = next((k for k in range(start + 1, len(lows)) if lows[k] in ("that", "who")), None)
    if rel is None or rel + 1 >= len(lows):
        return None
    focus, rest = clause[start:rel], clause[rel + 1 :]
    if not is_actor(focus, first) or not is_failure(rest, 0):
        return None
    doer = outside_doer(focus)  # "It was the storm that delayed ...": no one we chose
    if doer:
        return Hit(
            "blame_others",
            (clause[0].start, clause[-1].end),
            f'"{join(text, focus[0], focus[-1])}" is put in focus as the one who did it',
            outside_rewrite(doer, spaced(join(text, focus[0], focus[-1]),
                                         text[rest[0].start : end])),
        )
    owned = owned_part(focus) if not agentive(rest, 0) else []  # "their hub that closed"
    said = f"Our {join(text, owned[0], owned[-1])}" if owned else "We"
    rewrite = sentence_case(spaced(said, text[rest[0].start : end].strip())).rstrip(".") + "."
    return Hit(
        "blame_others",
        (clause[0].start, clause[-1].end),
        f'"{join(text, focus[0], focus[-1])}" is put in focus as the one who did it',
        rewrite + (" That is on us." if owned else "") + _OWN_TAIL,
    )
