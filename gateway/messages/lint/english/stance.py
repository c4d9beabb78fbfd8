"""Sorry for how the customer sees it, or to the customers who are upset, and not for
what we did: "We're sorry you consider the price rise too steep", "We're sorry you see it
that way", "Residents upset by the new bin rounds have our regrets".

Read by the verb's class, not by its words: after "sorry (that) you", a verb of judging
("consider", "regard", "deem") is always their view; a verb that can also be literal
("see", "find", "take") is their view when a small clause follows its object ("it that
way", "the layout confusing", "it as a snub"). An apology whose recipients are picked
out by a feeling ("residents upset by", "guests unhappy with") regrets their mood.
"""

from __future__ import annotations

import re

from gateway.messages.lint.english.parse import (
    Token,
    join,
    lemmas,
    lexicon,
    lower_first,
    lowered,
    read,
    verb_lemma,
)
from gateway.messages.lint.findings import Hit

_SORRY = {"sorry", "apologise", "apologize", "apologies", "regret", "regrets"}
# verbs of judging: what follows is the customer's view, never an event
_JUDGING = {"consider", "regard", "view", "judge", "deem", "reckon", "perceive", "interpret"}
# verbs that are a view only with a small clause after their object ("see it that way")
_TAKING = {"see", "find", "take", "read", "call", "describe", "feel", "think"}
_SMALL_CLAUSE = {"that", "this", "so", "as", "like", "to", "too", "personally", "badly", "unfair",
                 "unfairly", "wrongly", "way"}
_MODALS = {"may", "might", "do", "did", "should", "would", "could", "now", "still", "clearly"}
# the phrase rules already read "sorry you feel/think/find/believe" right after "you"
_PHRASED = {"feel", "think", "find", "believe", "perceive"}
# moods that pick out whom an apology is for ("residents upset by ...")
_ANYONE = {"everyone", "everybody", "anyone", "anybody", "all", "those"}
_CAUGHT = {"caught", "affected", "impacted", "hit", "inconvenienced", "involved"}
_SYMPATHY = {"sympathy", "sympathies", "apology", "thoughts"}
_BEEN = {"were", "was", "are", "is", "been", "felt", "feel", "feels", "left"}
_MOODS = {"upset", "unhappy", "disappointed", "annoyed", "frustrated", "dissatisfied",
          "displeased", "offended", "distressed", "angered", "irritated", "bothered", "troubled",
          "concerned", "worried", "aggrieved", "unimpressed", "saddened", "put"}


def _verb(word: str) -> str | None:
    found = lemmas(word).get("VERB", ())
    return found[0] if found else None


def _view_at(lows: list[str], at: int) -> tuple[int, int] | None:
    """(verb index, end of its object) when the words after "sorry" at ``at`` are "(that) you
    <verb of view> ...", else None."""
    k = at + 1
    if lows[k : k + 1] == ["that"]:
        k += 1
    if lows[k : k + 1] != ["you"] and not (
        lows[k : k + 1] and lows[k] in lexicon()["people"] and lows[k] not in ("those", "anyone")
    ):
        return None
    k += 1
    while k < len(lows) and lows[k] in _MODALS:
        k += 1
    if k >= len(lows):
        return None
    lemma = _verb(lows[k])
    if lemma in _JUDGING:
        return k, len(lows)
    if lemma not in _TAKING or (lemma in _PHRASED and lows[k - 1] == "you"):
        return None
    for n in range(k + 1, min(k + 7, len(lows))):
        word = lows[n]
        if word in _SMALL_CLAUSE or word.endswith("ly") or (
            n > k + 1 and "ADJ" in lemmas(word) and "NOUN" not in lemmas(word)
            and lows[n - 1] not in ("a", "an", "the", "your", "our")
        ):  # "see it that way", "find the new layout confusing", "took it as a snub"
            return k, n
    return None


def sorry_for_their_view(text: str) -> list[Hit]:
    """ "We're sorry you consider the price rise too steep": sorry for their judgement."""
    if "sorry" not in lowered(text) and "regret" not in lowered(text) and "apolog" not in (
            lowered(text)):
        return []
    hits = []
    for sentence, end, lows, _words in read(text):
        for at, low in enumerate(lows):
            if low not in _SORRY:
                continue
            found = _view_at(lows, at)
            if found is None:
                continue
            verb, stop = found
            thing = _object(text, sentence[verb + 1 : stop + 1])
            hits.append(Hit(
                "non_apology",
                (sentence[at].start, end),
                f'sorry for how they "{sentence[verb].text}" it, not for what we did',
                f'Say sorry for what we did, not for their view: "We\'re sorry {thing} '
                '<what it means for you, in figures>. <Why we did it, and what we can do now>."',
            ))
            break
    return hits


def _object(text: str, tokens: list[Token]) -> str:
    """The thing they judged, as the sentence names it ("this year's price rise")."""
    cut = next((n for n, t in enumerate(tokens) if n and (t.low in _SMALL_CLAUSE or t.text == ",")),
               len(tokens))
    words = tokens[:cut]
    if cut < len(tokens) and tokens[cut].low == "way":  # "our letter the wrong way"
        det = [n for n, t in enumerate(words) if n and t.low in ("the", "a", "that", "this")]
        words = words[: det[-1]] if det else words
    while words and ("ADJ" in lemmas(words[-1].low) and "NOUN" not in lemmas(words[-1].low)
                     or words[-1].low in ("too", "very", "quite", "rather")):
        words = words[:-1]  # "too steep": the judgement, not the thing
    if not words or (len(words) == 1 and words[0].low in ("it", "this", "that", "so")):
        return "<what we did>:"
    return join(text, words[0], words[-1])


def _sorry_for_our_act(lows: list[str]) -> bool:
    """A word of sorry, then "for" and a gerund (a verb's "-ing" form, after at most "not")
    with "you" or "your" as its object within two words: "apologize for letting you down",
    "sorry for not calling you back". Not "for any inconvenience" (no act), nor "for causing
    any upset" (no one it was done to)."""
    for n, w in enumerate(lows):
        if w not in _SORRY or lows[n + 1 : n + 2] != ["for"]:
            continue
        k = n + 2 + (lows[n + 2 : n + 3] == ["not"])
        gerund = lows[k] if k < len(lows) else ""
        if gerund.endswith("ing") and verb_lemma(gerund, "VBG") and not {"you", "your"}.isdisjoint(
                lows[k + 1 : k + 3]):
            return True
    return False


def regrets_to_the_upset(text: str) -> list[Hit]:
    """ "Residents upset by the new bin rounds have our regrets": an apology to those who
    are upset, with what upset them named as if nobody did it."""
    low = lowered(text)
    if not any(w in low for w in ("sorry", "regret", "apolog", "sympath", "thoughts")):
        return []
    people = lexicon()["people"] | {"those", "anyone", "everyone", "all"}
    hits = []
    for sentence, end, lows, _words in read(text):
        if _SORRY.isdisjoint(lows) and _SYMPATHY.isdisjoint(lows):
            continue
        if _sorry_for_our_act(lows):
            continue  # "For those impacted, we ... apologize for letting you down": the apology
            # names our own act against them; the people named first are whom it is for
        for n, w in enumerate(lows[1:], 1):
            caught = w in _CAUGHT and lows[n - 1] in _ANYONE  # "everyone caught up in"
            if w not in _MOODS and not (w == "let" and lows[n + 1 : n + 2] == ["down"]) and not (
                    caught):
                continue
            before = lows[max(0, n - 4) : n]  # "families who were let down", "guests upset"
            relative = "who" in before and lows[before.index("who") + max(0, n - 4) - 1] in people
            if lows[n - 1] not in people and not (relative and lows[n - 1] in _BEEN) and not (
                    caught):
                continue
            if w == "put" and lows[n + 1 : n + 2] != ["out"]:
                continue
            cause = next((k for k in range(n + 1, min(n + 4, len(lows)))
                          if lows[k] in ("by", "with", "about", "over", "at", "in")), None)
            stop = next((k for k in range(cause or n, len(lows))
                         if lows[k] in ("have", "has", "are", "is", "will", ",") or lows[k] in
                         _SORRY), len(lows)) if cause is not None else None
            thing = (join(text, sentence[cause + 1], sentence[stop - 1])
                     if cause is not None and stop is not None and stop > cause + 1
                     else "<what we did>")
            hits.append(Hit(
                "non_apology",
                (sentence[n - 1].start, end),
                f'sorry to whoever is "{sentence[n].text}", not for what we did',
                f'Say sorry for what we did: "We\'re sorry {lower_first(thing)} <what went wrong '
                'with it>. <What we are changing, and when>."',
            ))
            break
    return hits


# a feeling of theirs as the thing regretted: "we note your dissatisfaction with ..."
_FEELING_NOUNS = {"dissatisfaction", "disappointment", "frustration", "frustrations",
                  "unhappiness", "displeasure", "annoyance", "upset", "distress", "anger",
                  "feelings", "concerns", "dismay", "irritation"}
# the customer's perception as the thing regretted: "felt rushed to you", "seemed high"
_SEEMING = {"felt", "seemed", "appeared", "looked", "sounded", "came"}
# a "but" that holds firm: the rule or the refusal after the apology
_FIRM = {"terms", "policy", "rules", "conditions", "clear", "stands", "final", "non-refundable",
         "cannot", "can't", "can’t", "unable", "won't", "won’t", "remains", "apply", "applies",
         "standard", "normal", "usual", "typical", "expected", "common"}


def sorry_for_their_reaction(text: str) -> list[Hit]:
    """Sorry for their feeling ("we note your dissatisfaction"), for how it seemed to them
    ("the visit felt rushed to you"), or sorry "but" the rule stands."""
    low = lowered(text)
    if not any(w in low for w in ("sorry", "regret", "apolog")):
        return []
    hits = []
    for sentence, end, lows, _words in read(text):
        at = next((n for n, w in enumerate(lows) if w in _SORRY or w == "apology"), None)
        if at is None:
            continue
        hit = (_their_feeling(text, sentence, lows, at, end) or _seeming(text, sentence, lows, at)
               or _sorry_but(sentence, lows, at, end))
        if hit:
            hits.append(hit)
    return hits


def _their_feeling(text: str, sentence: list[Token], lows: list[str], at: int, end: int
                   ) -> Hit | None:
    your = next((n for n in range(at + 1, min(at + 6, len(lows) - 1)) if lows[n] == "your"
                 and lows[n + 1] in _FEELING_NOUNS), None)
    if your is None or {"understand", "appreciate", "share", "know"} & set(lows[at:your]):
        return None  # "sorry, and we understand your frustration: ...": empathy, read elsewhere
    about = next((k for k in range(your + 2, min(your + 4, len(lows)))
                  if lows[k] in ("with", "about", "over", "at")), None)
    thing = (text[sentence[about + 1].start : end].strip().rstrip(".")
             if about is not None and about + 1 < len(sentence) else "<what we did>")
    return Hit(
        "non_apology",
        (sentence[min(at, your)].start, end),
        f'sorry for their "{sentence[your + 1].text}", not for what we did',
        f'Say sorry for what we did: "We\'re sorry {lower_first(thing)} <what was wrong with '
        'it>. <What we are doing about it>."',
    )


# how a thing was for them, in place of what was wrong with it: "was confusing for you"
_FOR_THEM = {"confusing", "frustrating", "upsetting", "disappointing", "stressful", "annoying",
             "unsettling", "worrying", "off-putting", "unpleasant", "inconvenient"}


def _seeming(text: str, sentence: list[Token], lows: list[str], at: int) -> Hit | None:
    for k in range(at + 2, min(at + 12, len(lows) - 2)):
        if lows[k] in ("was", "were", "has", "have") and lows[k + 1] in _FOR_THEM | {"been"} and (
                lows[k + 1 : k + 4] in ([lows[k + 1], "for", "you"], ["been", lows[k + 2], "for"])):
            adj = k + 1 if lows[k + 1] != "been" else k + 2
            if lows[adj] not in _FOR_THEM or lows[adj + 1 : adj + 3] != ["for", "you"]:
                continue
            start = at + 1 + (lows[at + 1 : at + 2] == ["that"])
            if start >= k:
                return None
            thing = join(text, sentence[start], sentence[k - 1])
            return Hit(  # "We're sorry the ski hire process was confusing for you"
                "non_apology",
                (sentence[at].start, sentence[adj + 2].end),
                'sorry for how it was "for you", not for what was wrong with it',
                f'Say what was wrong: "We\'re sorry {lower_first(thing)} <what was wrong with it: '
                'what it did, or failed to do>. <What we are doing about it>."',
            )
        if lows[k] not in _SEEMING or (lows[k] == "came" and lows[k + 1] != "across"):
            continue
        comp = k + 2 if lows[k] == "came" else k + 1
        to_them = lows[comp + 1 : comp + 3] in (["to", "you"], ["to", "them"], ["to", "some"])
        if not (to_them or lows[k] in ("seemed", "appeared", "came")):
            continue  # "the room felt cold": what it was, said plainly
        start = at + 1 + (lows[at + 1 : at + 2] == ["that"])
        if start >= k:
            return None
        thing = join(text, sentence[start], sentence[k - 1])
        said = sentence[comp].text if comp < len(sentence) else "<what it was>"
        return Hit(
            "non_apology",
            (sentence[at].start, sentence[min(comp + 2, len(sentence) - 1)].end),
            f'sorry for how it "{sentence[k].text}" to them, not for what it was',
            f'Say what it was: "We\'re sorry {lower_first(thing)} was {said}. <What we are doing '
            'about it>."',
        )
    return None


def _sorry_but(sentence: list[Token], lows: list[str], at: int, end: int) -> Hit | None:
    but = next((k for k in range(at + 1, min(at + 6, len(lows))) if lows[k] in ("but", "however")),
               None)
    if but is None or _FIRM.isdisjoint(lows[but + 1 :]):
        return None
    rest = " ".join(lows[but + 1 :])
    if any(f"we {w}" in rest for w in ("will", "'ll", "’ll", "have", "'ve", "’ve", "can")):
        return None  # "sorry, but we can refund you": an offer after it
    return Hit(
        "non_apology",
        (sentence[at].start, end),
        "sorry, but the rule stands: the apology is taken back",
        'Say sorry and what we can do: "We\'re sorry <what went wrong for you>. Here is what we '
        'can do: <an option, and by when>."',
    )


_JUDGE = {"feel", "believe", "consider", "think", "find", "found", "are", "remain"}
_FAIR = {"reasonably", "correctly", "appropriately", "properly", "fairly", "reasonable", "correct",
         "appropriate", "fair", "justified", "satisfied", "acceptable", "professionally"}
_GOODWILL = {"goodwill", "gesture", "token"}


def defended_or_bought(text: str) -> list[Hit]:
    """ "Having reviewed your complaint, we feel the dog walker acted reasonably": our verdict
    that it was fine, in reply to a complaint; "accept this voucher as a gesture of goodwill
    for the confusion": something given in place of sorry."""
    low = lowered(text)
    if not any(w in low for w in ("reasonabl", "correct", "appropriat", "proper", "fair",
                                  "justified", "satisfied", "acceptabl", "goodwill", "gesture",
                                  "token")):
        return []
    hits = []
    for sentence, end, lows, said in read(text):
        if _SORRY & said or (_FAIR.isdisjoint(said) and _GOODWILL.isdisjoint(said)):
            continue
        we = next((n for n, w in enumerate(lows[:-2]) if w == "we" and lows[n + 1] in _JUDGE),
                  None)
        fair = next((k for k, w in enumerate(lows) if w in _FAIR and we is not None and k > we + 2),
                    None)
        if (we is not None and fair is not None and any(
                verb_lemma(w, "VBD") and w not in ("was", "were", "had")
                for w in lows[we + 2 : fair])
                and not {"not", "never", "wasn't", "weren't", "didn't"} & set(lows[we:fair])):
            # "we feel the dog walker acted reasonably": a verdict on how it was done
            hits.append(Hit(
                "non_apology",
                (sentence[we].start, sentence[fair].end),
                "our verdict that it was fine, not what went wrong for them",
                'Say what we found and what we will do: "We looked into your complaint: <what '
                'happened, in plain words>. <What we will do about it, and by when>."',
            ))
            continue
        gift = next((n for n, w in enumerate(lows) if w in _GOODWILL), None)
        if gift is None or not {"of", "for"} & set(lows[gift + 1 : gift + 3]):
            continue
        about = next((k for k in range(gift + 1, len(lows)) if lows[k] in ("for", "over",
                                                                           "about")), None)
        if about is None or lexicon()["generic_harm"].isdisjoint(lows[about:]):
            continue  # "as a token of thanks": no harm it stands in for
        thing = text[sentence[about + 1].start : end].strip().rstrip(".")
        hits.append(Hit(
            "non_apology",
            (sentence[0].start, end),
            "a gift in place of sorry",
            f'Say sorry and what went wrong first: "We\'re sorry for {lower_first(thing)}: <what '
            'we got wrong>. <The voucher or refund>, and <what we changed>."',
        ))
    return hits


_PRESUMED = re.compile(r"^(?:as you(?:'ll| will| may| can| would| surely)?|(?:i'm|we're|i am"
                       r"|we are) sure you|you(?:'ll| will| would| surely| must)) (?:appreciate"
                       r"|understand"
                       r"|know|realise|realize|agree)\b")
_PRESUMED_FIRSTS = {"as", "you", "you'll", "you’ll", "i'm", "i’m", "we're", "we’re", "i", "we"}
_NOTED = {"note", "noted", "acknowledge", "acknowledged", "logged", "recorded"}
_VOICES = {"comments", "feedback", "concerns", "complaint", "points", "views", "remarks"}


def presumed_or_noted(text: str) -> list[Hit]:
    """ "As you'll appreciate, weather is part and parcel of ballooning", "You will
    understand that we cannot be held liable": their agreement presumed in place of sorry;
    "We note your comments ... and have passed them on": noted, not answered."""
    low = lowered(text).replace("’", "'")
    if "you" not in low and "note" not in low:
        return []
    hits = []
    for sentence, end, _lows, words in read(text):
        if sentence[0].low not in _PRESUMED_FIRSTS and _NOTED.isdisjoint(words):
            continue
        lows = [t.low.replace("’", "'") for t in sentence]
        said = " ".join(lows).replace(" '", "'")
        found = _PRESUMED.match(said)
        if found:
            frame = text[sentence[0].start : sentence[0].start + len(found.group(0))]
            hits.append(Hit(
                "non_apology",
                (sentence[0].start, end),
                "their agreement presumed in place of sorry",
                f'Drop "{frame}" and say sorry: "We\'re sorry <what it cost you>. Here is what we '
                'can do: <an option, and by when>."',
            ))
            continue
        noted = next((n for n, w in enumerate(lows[:-2]) if w in _NOTED and lows[n + 1] == "your"
                      and lows[n + 2] in _VOICES), None)
        if noted is None or "we" not in lows[:noted] or _SORRY & set(lows) or any(
                w[:1].isdigit() or w in lexicon()["anchors"] - {"may"} for w in lows):
            continue
        hits.append(Hit(
            "non_apology",
            (sentence[noted].start, end),
            f'"{sentence[noted].text} your {sentence[noted + 2].text}": noted, not answered',
            'Say sorry and what will change: "We\'re sorry about <what they raised>. <Who will '
            'do what, by when>."',
        ))
    return hits


# an apology addressed to whoever felt it, not for what we did: "Our apologies to any of our
# guests who came away feeling short-changed"
_TO_WHOEVER = re.compile(
    r"\b(?:apologies|apologise|apologize|sorry|regrets?)\b(?: \w+){0,3} to (?:any(?:one|body)?|"
    r"those|all|everyone|whoever)\b(?: of (?:our|the|you) ?\w*)?(?: \w+)? (?:who|that|for whom)\b"
    r"(?: \S+){0,12}? (?:feel|feels|felt|feeling|upset|disappointed|let down|short-changed|unhappy"
    r"|dissatisfied|inconvenienced|offended|annoyed|frustrated|fell short|falls short"
    r"|fallen short)\b")  # "to any drivers for whom this weekend's charging fell short"
# our fault denied before whatever we give or say: "While we don't believe our drivers did
# anything wrong, ..."
_DENIED = re.compile(
    r"\bwe (?:don't|do not|didn't|did not|don’t|didn’t) (?:believe|think|feel|consider|accept)"
    r"(?: that)?(?P<who>(?: \S+){1,5}?) (?:did|was|were|had done|have done|acted|behaved|made)"
    r"(?: \w+)? (?:anything |nothing )?(?:wrong|at fault|incorrectly|improperly|a mistake"
    r"|an error|unreasonably)\b")


_SORRY_WORDS = {"apologies", "apologise", "apologize", "sorry", "regret", "regrets"}
_DENYING = {"believe", "think", "feel", "consider", "accept"}


def apology_to_whoever(text: str) -> list[Hit]:
    """ "Our apologies to any guests who came away feeling short-changed": sorry to whoever
    felt it; "While we don't believe our drivers did anything wrong, ...": the fault denied
    in the apology's place."""
    low = lowered(text)
    if not any(w in low for w in ("wrong", "fault", "incorrect", "improper", "mistake", "error",
                                  "unreasonabl", "apolog", "sorry", "regret")):
        return []
    hits = []
    for sentence, end, lows, words in read(text):
        whoever = not words.isdisjoint(_SORRY_WORDS) and "to" in words and not words.isdisjoint(
            ("who", "that", "whom"))
        denied = "we" in words and not words.isdisjoint(_DENYING)
        if not (whoever or denied):
            continue  # neither shape can match: no regular expression run
        said = " ".join(lows).replace(" ,", ",")
        found = (whoever and _TO_WHOEVER.search(said)) or (denied and _DENIED.search(said))
        if not found or (found.re is _DENIED and found.group("who").split()[0] in (
                "you", "your", "you've", "you'd")):
            continue  # "we don't think you did anything wrong": their fault denied, not ours
        denied = found.re is _DENIED
        hits.append(Hit(
            "non_apology",
            (sentence[0].start, end),
            "our fault denied in place of sorry" if denied else
            "sorry to whoever felt it, not for what we did",
            'Say sorry for what happened and what we will do: "We\'re sorry <what went wrong for '
            'you>. <What we will do about it, and by when>."',
        ))
    return hits
