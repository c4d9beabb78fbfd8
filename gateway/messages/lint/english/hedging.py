"""Hedges: a promise with no time, shrinking the harm, sorry "for the trouble"."""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

from gateway.messages.lint.english.parse import (
    Token,
    is_finite_verb,
    lemmas,
    lexicon,
    owns,
    read,
    said_after,
    sentence_case,
    sentences,
    verb_lemma,
)
from gateway.messages.lint.english.words import (
    ASAP,
    AUX,
    BE,
    DETERMINERS,
    NEG_AUX,
    NUMBER_WORDS,
    PRONOUNS,
)
from gateway.messages.lint.findings import Hit

_SORRY = {"sorry", "regret", "apologise", "apologize"}
_FEELING_VERBS = {"upset", "frustrate", "annoy", "disappoint", "inconvenience", "concern", "worry",
                  "confuse", "bother", "distress", "trouble", "alarm"}
_DONE = ("have", "will", "are", "changed", "fixed", "added", "made", "moved", "stopped")
_CONTACT = {"be in touch", "get back to you", "let you know", "follow up", "reach out", "escalated"}
# "escalated it to the supplier": the party it went to is named already
_ESCALATED_TO = re.compile(r"\bescalated\b.*\bto\b", re.IGNORECASE)
_CONTRACTIONS = {"we'll": ["we", "will"], "we're": ["we", "are"], "we've": ["we", "have"],
                 "team's": ["team", "is"], "they're": ["they", "are"]}
# "as updates become available", "when more information is available": news on no day
# "once our investigation is complete": news after an event with no day
# a time picked by no one: "at some stage", "on a later date", "at an unspecified time"
_SOME_TIME = re.compile(r" (?:(?:at|on|in|by) (?:some|a later|a future|an unspecified|a suitable|"
                        r"one|an appropriate) (?:stage|point|time|date|day|moment|juncture)"
                        r"|some day|one day|sooner or later|before (?:too |very )?long"
                        r"|any (?:day|time) now|(?:once|when|until) we (?:have|get|receive|know) "
                        r"(?:more|clarity|further \w+|an update|news|details|information)"
                        r"|for (?:a while|some time|a bit|a "
                        r"little while|the moment)) ", re.IGNORECASE)
# the customer asked to make contact, not us promising it: "feel free to", "please", "you can"
_CUSTOMERS_CALL = re.compile(r"(?:feel free to|please|you can|you may|hesitate to|you are welcome "
                             r"to|you're welcome to) $")
_AVAILABLE = re.compile(
    r" (?:as|when|once|if|after) (?:and when )?(?:[a-z]+ ){0,3}(?:become|becomes|is|are|has been) "
    r"(?:available|complete|completed|finished|over|concluded|done) "
)


_DONE_AUX = frozenset({"was", "were", "did", "had", "have", "has"})


def _done_first(sentence: list[Token]) -> bool:
    """The sentence opens with an act of ours already done: "We increased ...", "We have
    moved ...": its first finite verb is in the past (or perfect), after "we" or "our ..."."""
    if not sentence or sentence[0].low not in ("we", "i", "our"):
        return False
    verb = next((t for t in sentence[1:] if is_finite_verb(t)), None)
    return verb is not None and (verb.low in _DONE_AUX or (
        verb.low not in AUX and verb_lemma(verb.low, "VBD") is not None))


def told_as_done(sentence_text: str) -> bool:
    """ "As soon as possible" in a sentence that tells an act of ours already done (see
    :func:`_done_first`) and promises nothing ("will", "shall", "to" and a verb)."""
    first = next((s for s, _ in sentences(sentence_text.strip())), [])
    lows = [t.low for t in first]
    later = any(w == "to" and "VERB" in lemmas(n) for w, n in zip(lows, lows[1:], strict=False))
    # "We asked them to call you as soon as possible": an act still to come, with no time
    return _done_first(first) and not later and not {"will", "shall", "'ll", "’ll"} & set(lows)


def _none_left_out(lows: list[str], words: dict[str, Any]) -> bool:
    """A purpose that promises an outcome for everyone: "to ensure none are left out of
    pocket", "to make sure no customer is charged twice" ("ensure"/"make sure", then "none",
    "nobody", "no one" or "no" and a people word, then "is/are/will")."""
    for n, w in enumerate(lows[:-3]):
        if w == "to" and (lows[n + 1] == "ensure" or lows[n + 1 : n + 3] == ["make", "sure"]):
            k = n + (2 if lows[n + 1] == "ensure" else 3)
            k += lows[k : k + 1] == ["that"]
            who = lows[k : k + 2]
            if who[:1] and who[0] in words["no_one"]:
                return lows[k + 1 : k + 2] in (["is"], ["are"], ["will"])
            if who[:1] == ["no"] and who[1:] and who[1] in words["people"]:
                return lows[k + 2 : k + 3] in (["is"], ["are"], ["will"])
    return False


def _set_by_event(lows: list[str], words: dict[str, Any]) -> bool:
    """ "As soon as the venue or promoter tells us that an event has been cancelled": the clause
    after "as soon as" has a named subject (a noun, not ``no_event_subjects`` such as "we" or
    "it", nor a ``vague_objects`` word) and an active verb, so the moment is an event the
    customer can see. Not "as soon as we can", "as soon as it is fixed", "as soon as the issue
    is resolved"."""
    at = next(n for n in range(len(lows) - 2) if lows[n : n + 3] == ["as", "soon", "as"]) + 3
    clause = lows[at : at + 6]
    subjects = words["no_event_subjects"]
    if not clause or clause[0] in subjects or clause[0] == "our" or clause[0] in words[
            "vague_objects"]:
        return False
    for n, w in enumerate(clause[1:], 1):
        if w in words["no_event_verbs"] or w in NEG_AUX or w in subjects:
            return False
        if verb_lemma(w, "VBZ") or verb_lemma(w, "VBD"):
            return clause[n - 1] not in words["vague_objects"] and clause[n - 1] not in (
                "the", "a", "an", "your", "our")
    return False


def _escalated_with(lows: list[str], words: dict[str, Any]) -> bool:
    """ "We did what we could ..., and escalated with them", "escalated with the provider": the
    party pressed is named (a pronoun for one told before, or a determiner and a noun with no
    ``vague_modifiers``), unlike "escalated your complaint" or "escalated to the appropriate
    team"."""
    at = lows.index("escalated") if "escalated" in lows else -1
    after = lows[at + 1 : at + 4] if at >= 0 else []
    if after[:1] != ["with"] or len(after) < 2:
        return False
    if after[1] in words["object_pronouns"]:
        return True
    return len(after) == 3 and after[1] in DETERMINERS and after[1] not in words["uncounted"] and (
        after[2] not in words["vague_modifiers"] and after[2].isalpha())


# a deadline of a week or a month we name: "we plan to make all payments by the end of next week"
_DEADLINE = re.compile(r" by (?:the )?end of (?:this |next |the )?(?:week|month) ")


def _longest_first(items: set[str]) -> list[str]:
    return sorted(items, key=lambda w: (-len(w), w))


def _anchored(lows: list[str]) -> bool:
    """A concrete time, day or number: what turns a promise into a plan."""
    return (not lexicon()["anchors"].isdisjoint(lows) or not NUMBER_WORDS.isdisjoint(lows)
            or any(w[:1].isdigit() for w in lows))  # set look-ups first: C loops


def vague_promise(text: str) -> list[Hit]:
    """We/our team + an effort verb ("are working", "will update") with no time, day or number.
    The modal "may" is no month: only "May" inside a sentence anchors a promise."""
    words = lexicon()
    hits = []
    parsed = sentences(text)
    said_all = " " + " ".join(chain.from_iterable(r.lows for r in read(text))) + " "
    for w in words["anchored_whens"]:
        said_all = said_all.replace(f" {w} ", " ")  # "in the coming hours" names no hour
    every = said_all.split()
    unknown = "know" in every and any(
        w == "know" and set(every[max(0, n - 2) : n]) & {"not", "don't", "don’t", "do"}
        for n, w in enumerate(every)
    )
    month_may = "May" in text and any(t.text == "May" for sentence, _ in parsed
                                      for t in sentence[1:])
    if (_anchored([w for w in every if w != "may"]) or month_may or "yet" in every or unknown
            or _DEADLINE.search(said_all)):
        return []  # the text says when, or says honestly "we don't know yet"
    if " so far " in said_all or " we have found " in said_all:
        return []  # "So far we have found no sign ...": what the work found, not a promise
    hits += _hoped_change(parsed, text)
    for sentence, end in parsed:
        lows = [t.low for t in sentence]
        lows = [w for t in lows for w in _CONTRACTIONS.get(t.replace("’", "'"), [t])]
        said_low = " " + " ".join(lows) + " "
        when = next((w for w in _longest_first(words["vague_whens"]) if f" {w} " in said_low), None)
        available = _AVAILABLE.search(said_low) or _SOME_TIME.search(said_low)
        when = when or (available.group(0).strip() if available else None)
        if when == "to follow" and lows[-2:] != ["to", "follow"]:
            when = None  # "hard to follow": not news promised
        if when == "back to normal" and re.search(
                r" (?:is|are|was|were|has been|have been)(?: now| already| fully)? back to normal ",
                said_low):
            when = None  # "the chlorine level is back to normal": done, not a promise
        if when == "later" and not {"will", "shall"} & set(lows):
            when = None  # "we fixed it later that day": a past time, not a promise
        if when in ASAP and told_as_done(text[sentence[0].start : end]):
            when = None  # "We increased the capacity of our team so that we could answer
            # tickets as quickly as possible": how a thing was done, not a promise
        if when == "soon" and " as soon as " in said_low and (
                told_as_done(text[sentence[0].start : end]) or _set_by_event(lows, words)):
            when = None  # "We posted a page as soon as we had investigated" (done), "as soon as
            # the venue tells us, we'll ..." (a moment they can see), not "as soon as we can"
        if when in _CONTACT and _CUSTOMERS_CALL.search(said_low.split(f" {when} ")[0][-40:] + " "):
            when = None  # "feel free to reach out", "please get back to us": their call to make,
            # not a promise of ours with no time
        if when in words["manner_whens"] and _none_left_out(lows, words):
            when = None  # "on a case-by-case basis to ensure none are left out of pocket": how,
            # with an outcome promised for every customer, not "Refunds will be looked at on a
            # case-by-case basis"
        if when == "escalated" and _escalated_with(lows, words):
            when = None  # "..., and escalated with them": a party pressed, named in the sentence
        if when in _CONTACT and any(
            t.text[:1].isupper() and not t.text.isupper() and not lemmas(t.low)
            for t in sentence[1:]
        ):
            when = None  # "Jo from our team will get back to you": a person named
        if when:
            said = text[sentence[0].start : end].strip().rstrip(".!")
            some_time = _SOME_TIME.search(f" {said} ")
            timed = (said.replace(some_time.group(0).strip(), "until 16:00 today"
                                  if some_time.group(0).startswith(" for") else "by 16:00 today")
                     if some_time else said)
            timed = timed if timed != said else re.sub(
                r"\b(?:soon|shortly|later|asap|in due course|in good time|before long|"
                r"as soon as possible|as quickly as possible|"
                r"(?:in|over) the (?:coming|next few) (?:hours|days|weeks)|in the near future|"
                r"(?:as|when|once|after) (?:and when )?(?:\w+ ){0,3}"
                r"(?:become|becomes|is|are|has been) "
                r"(?:available|complete|completed|finished|over|concluded|done))\b",
                "by 16:00 today",
                said,
                count=1,
                flags=re.IGNORECASE,
            )
            if timed == said and when.startswith(("when ", "once ", "as ")):
                timed = re.sub(  # "once we know more" -> "by 16:00 today"
                    re.escape(when) + r"\b[^,;:.!?]*", "by 16:00 today", said, count=1,
                    flags=re.IGNORECASE,
                )
            if when == "escalated":  # a thing done: whom it went to, and when they answer
                whom = "" if _ESCALATED_TO.search(said) else " to Aisha, our complaints lead"
                timed = f"{said}{whom}, who will reply by 16:00 today"
            elif when in _CONTACT:  # "someone will get back to you" -> a name and a time
                timed = re.sub(r"\b[Ss]ome(?:one|body)\b", "Aisha", said, count=1)
                timed += " by 16:00 today"
            suggestion = (
                f"{timed}."
                if timed != said
                else f"{said}, and we will write again by 16:00 with what we have found."
            )
            hits.append(
                Hit("vague", (sentence[0].start, end), f'"{when}" says no time', suggestion)
            )
            continue
        studied = next(
            (k for k, w in enumerate(lows[:-1]) if w == "being"
             and verb_lemma(lows[k + 1], "VBN") in words["effort_verbs"]),
            None,
        )  # "the problem is being investigated (by our experts)": effort, with no time
        if studied is not None:
            said = text[sentence[0].start : end].strip()
            hits.append(
                Hit(
                    "vague",
                    (sentence[studied].start, sentence[studied + 1].end),
                    "work under way with no time, day or person",
                    f"{said}, and we will write again by 16:00 with what we have found.",
                )
            )
            continue
        if not set(lows) & words["vague_subjects"]:
            continue
        subject_seen = False
        for i, low in enumerate(lows[:-1]):
            if low in words["vague_subjects"] and i and lows[i - 1] in words["compared_by"]:
                continue  # "higher than we would usually expect": a yardstick, not a promise
            if low in words["vague_subjects"]:
                subject_seen = True
            elif not (low == "and" and subject_seen):
                continue  # "we are aware of it and are investigating": the same subject
            group = lows[i + 1 : i + 4]
            lemma = next(
                (
                    verb_lemma(w, "VBG") or (w if w in words["effort_verbs"] else None)
                    for w in group
                    if verb_lemma(w, "VBG") or w in words["effort_verbs"]
                ),
                None,
            )
            promised = set(group) & {"are", "is", "will", "'re", "’re", "hope", "aim", "expect"}
            if low == "and" and set(lows[:i]) & {"are", "is", "will", "'re", "’re"}:
                promised = {"are"}  # "engineers are on site and working to ...": the same "are"
                if verb_lemma(lows[i + 1], "VBG") and BE.isdisjoint(lows[:i]):
                    promised = set()  # "will add some extra safeguards and monitoring": "-ing"
                    # after "and" with no "are/is/be" before it is a noun joined to the object
            if lemma == "take" and not set(lows[i + 1 : i + 6]) & {"steps", "action", "measures",
                                                                    "look", "care", "seriously"}:
                lemma = None  # "we are taking longer to answer": a delay said, not effort
            unnamed = bool({"someone", "somebody"} & set(lows[: i + 1])) and "will" in group
            if not unnamed and lemma in words["effort_verbs"] and promised and _names_a_thing(
                    lows, i + 1 + next(n for n, w in enumerate(group) if verb_lemma(
                        w, "VBG") or w in words["effort_verbs"]), words):
                break  # "We are reviewing our automated alerting thresholds to ...": a plan
            if lemma in words["effort_verbs"] and promised and _none_left_out(lows, words):
                break  # "working with customers ... to ensure none are left out of pocket": an
                # outcome promised for every customer, one can check it
            if (lemma in words["effort_verbs"] and promised) or unnamed:
                said = text[sentence[0].start : end].strip()
                named = re.sub(r"\b[Ss]ome(?:one|body)\b", "Aisha", said, count=1)
                hits.append(
                    Hit(
                        "vague",
                        (sentence[0].start, end),
                        "a promise with no time, day or person",
                        f"Name them and say when: {named.rstrip('.')} by 16:00 today."
                        if unnamed
                        else f"{said}, and we will write again by 16:00 with what we have found.",
                    )
                )
                break
    return hits


# words after an effort verb before its object: "looking into", "working on", "reviewing how"
_PARTICLES = frozenset({"into", "at", "on", "through", "over", "with", "up", "out"})
_POSSESSIVE = re.compile(r"['’]s$")  # "the booking system's reminder settings"
_NOT_IN_A_NAME = frozenset({"to", "for", "of", "with", "by", "in", "on", "at", "from", "and", "or",
                            "so", "as", "that", "which", "who", "because", "while", "again",
                            "what", "how", "why", "where", "when", "whether", "if"}) | PRONOUNS


def _names_a_thing(lows: list[str], at: int, words: dict[str, Any]) -> bool:
    """The effort at ``lows[at]`` works on a thing it names ("reviewing our automated alerting
    thresholds", "working on correcting this data"): a plan one can check, not "reviewing the
    situation", "our processes", "the root cause" or "a fix" (its object's head is none of
    ``vague_objects`` and a word before the head is none of ``vague_modifiers``)."""
    n = at + 1
    while n < len(lows) and (lows[n] in _PARTICLES or lows[n] == "very" or (
            lows[n].endswith("ly") and "ADV" in lemmas(lows[n]))):
        n += 1  # "working very closely with the datacentre": how, then with whom
    if n < len(lows) and lows[n].endswith("ing") and verb_lemma(lows[n], "VBG") and (
            verb_lemma(lows[n], "VBG") not in words["effort_verbs"]):
        n += 1  # "working on correcting this data": a concrete act, then its object
        if n < len(lows) and lows[n] in DETERMINERS and lows[n] not in ("some", "any"):
            return n + 1 < len(lows) and lows[n + 1] not in words["vague_objects"] and (
                lows[n + 1].isalpha())
        return False
    the = n < len(lows) and lows[n] == "the"
    if n < len(lows) and lows[n] in DETERMINERS:
        n += 1
    name = []
    while n < len(lows) and _POSSESSIVE.sub("", lows[n]).replace("-", "").isalpha() and (
            lows[n] not in _NOT_IN_A_NAME and lows[n] not in DETERMINERS):
        name.append(lows[n])
        n += 1
    if len(name) == 1 and n + 2 < len(lows) and lows[n] == "with" and (
            lows[n + 1] in DETERMINERS and lows[n + 1] not in words["uncounted"]) and (
            lows[n + 2] in words["people"]) and name[0] not in words["vague_objects"] and (
            "NOUN" in lemmas(name[0])):
        return True  # "working through communication with our customers affected by the
        # delay": the work and the people it is with, both named
    if the and len(name) == 1:  # "examining the train": the one thing both sides know
        return name[0] not in words["vague_objects"] and (
            "NOUN" in lemmas(name[0]) or not lemmas(name[0]))  # "the datacentre": no verb
    return len(name) >= 2 and name[-1] not in words["vague_objects"] and any(
        w not in words["vague_modifiers"] for w in name[:-1]) and "NOUN" in lemmas(name[-1])


# what "will improve" without a doer: a change hoped for, not a thing we do
_CHANGES = {"improve", "settle", "ease", "stabilise", "stabilize", "recover", "normalise",
            "normalize", "clear", "calm"}
_HEDGED = {"will", "should", "'ll", "’ll", "may", "might", "ought", "expect", "hope"}


def _hoped_change(parsed: list[tuple[list[Token], int]], text: str) -> list[Hit]:
    """ "Things will improve once the software beds in", "things should improve over the
    weekend": a change promised with no doer and no time (the text names none)."""
    hits = []
    for sentence, end in parsed:
        lows = [t.low for t in sentence]
        at = next((n for n, w in enumerate(lows) if w in _CHANGES
                   or (w in ("get", "pick", "return") and lows[n + 1 : n + 2] in (
                       ["better"], ["up"], ["to"]) and (w != "return" or "normal" in lows))), None)
        if at is None or not _HEDGED & set(lows[max(0, at - 3) : at]):
            continue
        if {"we", "i", "our"} & set(lows[:at]):
            continue  # "we will improve the form": a doer named
        said = text[sentence[0].start : end].strip()
        hits.append(Hit(
            "vague",
            (sentence[0].start, end),
            f'"{sentence[at].text}" with no one doing it and no time',
            f'Say who does what, and by when: "{sentence_case(said.rstrip("."))}: we will '
            'have <what we are fixing> done by 16:00 on Friday."',
        ))
    return hits


_SORRY_FOR = frozenset(("sorry", "apologies", "apologise", "apologize", "regret"))


def generic_apology(text: str) -> list[Hit]:
    """Sorry/apologies "for the trouble": an apology for a generic harm that names nothing."""
    words = lexicon()
    hits = []
    for sentence, end, lows, wordset in read(text):
        if _SORRY_FOR.isdisjoint(wordset):
            continue  # no word of sorrow in it
        for i, low in enumerate(lows):
            if not (
                low in ("sorry", "apologies", "apologise", "apologize", "regret")
                and "for" in lows[i + 1 : i + 5]
                and not set(lows[i + 1 : lows.index("for", i + 1)]) & {"we", "i", "you"}
            ):  # "sorry for", "apologies to all concerned for"; not "sorry we ... for"
                continue
            if any(w[:1].isdigit() for w in lows[:i]):
                break  # "moved from 10:00 to 11:00, and we are sorry for the wait": named first
            k = lows.index("for", i + 1)
            obj = lows[k + 1 : k + 4]
            harm_at = next(
                (k + 1 + n for n, w in enumerate(obj[1:3], 1) if w in words["generic_harm"]), None
            )
            tail = lows[harm_at + 1 :] if harm_at is not None else []
            generic_tail = not tail or (
                tail[0] in ("to", "caused", "this", "you", "it", "that", "of", "with", "on", "in")
                and len(tail) <= 4
                and not any(w[:1].isdigit() or w in words["anchors"] for w in tail)
            )
            if obj and obj[0] in ("the", "any", "this", "all", "our") and harm_at and generic_tail:
                hits.append(
                    Hit(
                        "non_apology",
                        (sentence[i].start, end),
                        "sorry for a generic harm names nothing that happened to them",
                        "We're sorry. Say what it cost them: "
                        '"We\'re sorry: your parcel arrives on Thursday, not Monday."',
                    )
                )
                break
    return hits


_VALUED = re.compile(r"\byour (?:feedback|views|comments|opinion|opinions|voice|input|custom|"
                     r"business) (?:\w+ ){0,4}?(?:matters?|is (?:very |really )?(?:important|"
                     r"valued|valuable|appreciated)|means a lot)\b")
_VOICE = {"feedback", "views", "comments", "opinion", "opinions", "voice", "input", "custom",
          "business"}
_ADMIT = {"acknowledge", "recognise", "recognize", "accept", "appreciate", "understand"}
# what an admission without sorry says went wrong: "did not go as planned", "fell short"
_FELL_SHORT = {"not", "n't", "didn't", "didn’t", "wasn't", "wasn’t", "short", "wrong", "below",
               "poor", "less", "never"}
_EMPATHY = {"understand", "appreciate", "recognise", "recognize", "acknowledge", "share", "value",
            "accept", "hear"}
# the words a feeling named in place of sorry is found at (``empathy_instead``): a sentence with
# none, and with no "your" and voice word, holds no finding and is not read
_FEELING_NAMED = frozenset(_EMPATHY | {"thank", "thanks"})


_MOODS = {"happy", "satisfied", "pleased", "content", "comfortable", "impressed", "unhappy",
          "disappointed", "upset", "frustrated", "annoyed", "dissatisfied", "displeased", "angry",
          "offended", "confused", "concerned", "worried", "inconvenienced", "bothered"}
_BE_YOU = {"were", "are", "was", "weren't", "weren’t", "aren't", "aren’t", "feel", "felt", "have",
           "had", "seem", "seemed"}


# a group whose mood is regretted: "so many fans", "many of you", "some of our guests"
_GROUP_FIRST = {"many", "some", "so", "those", "several", "any", "all", "a"}
_NOT_ENJOYED = [[w] for w in ("didn't", "didn’t", "don't", "don’t")] + [["did", "not"]]
_ENJOY = {"enjoy", "like", "love", "appreciate"}


def _group_state(after: list[str]) -> bool:
    """ "so many fans came away disappointed", "some of you felt let down": a group's mood,
    within a few words, with no act of ours named before it."""
    window = after[:9]
    mood = next((k for k, w in enumerate(window) if w in _MOODS), None)
    return mood is not None and not {"we", "our", "us"} & set(window[:mood])


def _their_state(after: list[str]) -> bool:
    """After "sorry": "(that) you weren't happy with", "for the way you feel about", "that
    you felt let down": their mood as the thing regretted."""
    if after[:1] == ["that"]:
        after = after[1:]
    if after[:3] in (["for", "the", "way"], ["for", "how", "you"]):
        rest = after[3:] if after[2] == "way" else after[2:]
        return rest[:1] == ["you"] and rest[1:2] != [] and rest[1] in (
            "feel", "felt", "see", "saw", "view", "viewed", "find", "found", "perceive", "think")
    if after[:1] != ["you"] and _GROUP_FIRST & set(after[:2]):
        return _group_state(after)  # "sorry that so many fans came away disappointed"
    if after[:1] == ["you"] and (after[1:2] in _NOT_ENJOYED or after[1:3] in _NOT_ENJOYED):
        verb = after[2:3] if after[1:2] in _NOT_ENJOYED else after[3:4]
        return verb != [] and verb[0] in _ENJOY  # "sorry you didn't enjoy your stay"
    if after[:1] != ["you"] or after[1:2] == [] or after[1] not in _BE_YOU:
        return False
    rest = [w for w in after[2:5] if w not in ("not", "been", "so", "very", "quite", "left")]
    return bool(rest) and rest[0] in _MOODS


def sorry_for_feelings(text: str) -> list[Hit]:
    """ "We are sorry that the delay upset you": sorry for how they took it, with a thing as
    the subject of the feeling verb and nothing said about what we did."""
    hits = []
    for sentence, end, lows, wordset in read(text):
        if ("you" not in wordset and _GROUP_FIRST.isdisjoint(wordset)) or not _SORRY & wordset:
            continue
        for i, low in enumerate(lows):
            if low in _SORRY and _their_state(lows[i + 1 : i + 12]):
                about = next((k for k in range(i + 3, len(lows)) if lows[k] in ("with", "about")),
                             None)  # "... with the meal": what their feeling was about
                thing = said_after(text, sentence, end, about)
                hits.append(Hit(
                    "non_apology",
                    (sentence[i].start, end),
                    "sorry for how they feel, not for what we did",
                    "Say sorry for what we did, not for how they feel: "
                    f'"We\'re sorry we got {thing} wrong: <what we did>."',
                ))
                break
            if low not in _SORRY or {"we", "i", "our", "my"} & set(lows[i + 1 :]):
                continue
            feel = next(
                (k for k in range(i + 2, min(i + 8, len(lows) - 1))
                 if verb_lemma(lows[k], "VBD") in _FEELING_VERBS and lows[k + 1] == "you"),
                None,
            )
            if feel is None:
                continue
            hits.append(
                Hit(
                    "non_apology",
                    (sentence[i].start, end),
                    "sorry for how they took it, not for what we did",
                    "Say sorry for what we did: "
                    '"We\'re sorry we kept you waiting three days for your refund."',
                )
            )
            break
    return hits


_CLAUSE_ENDS = {";", ":", "but", "so", "because", "and"}


def _clause_of(lows: list[str], at: int) -> list[str]:
    """The words of the clause from ``at`` to its end (at most 14): "we appreciate that a late
    delivery during a cold snap can be frustrating" names the feeling ten words on."""
    words = lows[at : at + 14]
    return words[: next((k for k, w in enumerate(words) if w in _CLAUSE_ENDS), len(words))]


# their view of our act, not our word for it: "sorry you feel we let you down"
_THEIR_VIEW = frozenset({"feel", "felt", "think", "thought", "if", "say", "said"})


def _we_let_down(lows: list[str]) -> bool:
    """ "(and know) we let many of our customers down": we are the subject of failing them, in
    our own words (not after "you feel"), so the feeling named beside it comes with the fault."""
    return any(w == "we" and lows[k + 1 : k + 2] == ["let"] and "down" in lows[k + 3 : k + 9]
               and _THEIR_VIEW.isdisjoint(lows[max(0, k - 2) : k]) for k, w in enumerate(lows))


def empathy_instead(text: str) -> list[Hit]:
    """ "We understand your frustration", "We appreciate your patience": a feeling named
    in place of an apology, with nothing said about what happened to them."""
    words = lexicon()
    hits = []
    parsed = read(text)
    for n, (sentence, end, lows, wordset) in enumerate(parsed):
        if _FEELING_NAMED.isdisjoint(wordset) and ("your" not in wordset
                                                   or _VOICE.isdisjoint(wordset)):
            continue  # no thanks, no feeling word, no voice of theirs: nothing below is found
        if not wordset.isdisjoint(("sorry", "apologise", "apologize", "apologies")) or owns(
                sentence) or _we_let_down(lows):
            continue  # an apology, or the fault owned: the feeling comes with it
        valued = "your" in lows and not _VOICE.isdisjoint(lows) and _VALUED.search(" ".join(lows))
        if valued and not any(f" we {w} " in f" {' '.join(lows)} " for w in _DONE):
            hits.append(Hit(  # "your feedback matters to us": their voice valued, not sorry
                "non_apology", (sentence[0].start, end), "their feedback valued in place of sorry",
                "Say sorry for what we did and what we changed: \"We're sorry <what we did>. "
                "From <day>, <what changes>.\"",
            ))
            continue
        for i, low in enumerate(lows):
            at = i + 1
            if low in ("thank", "thanks") and "for" in lows[i + 1 : i + 3]:
                at = lows.index("for", i + 1) + 1  # "thank you for your (continued) patience"
            elif low in _EMPATHY and (lows[i + 1 : i + 2] == ["that"] or (
                    lows[i + 1 : i + 2] in (["this"], ["it"]) and lows[i + 2 : i + 3] in (
                        ["has"], ["was"], ["is"], ["hasn't"], ["wasn't"], ["isn't"]))):
                if set(_clause_of(lows, i + 2)) & (words["feelings"] | _MOODS) or (
                    low in _ADMIT and set(lows[i + 2 :]) & _FELL_SHORT
                ):  # "we appreciate that this has been a difficult time", "we acknowledge
                    at = i  # that your booking did not go as planned"
                else:
                    continue
            elif low not in _EMPATHY:
                continue
            bearing = lows[at : at + 1] in (["bearing"], ["sticking"], ["putting"])
            if at != i and lows[at : at + 1] not in (["your"], ["the"], ["how"]) and not bearing:
                continue  # "thank you for bearing with the refurbishment": patience thanked
            if at != i and not set(lows[at + 1 : at + 4]) & words["feelings"] and not bearing:
                continue
            nxt = [t.low for t in parsed[n + 1][0]] if n + 1 < len(parsed) else []
            if any(f" we {w} " in f" {' '.join(lows + nxt)} " for w in _DONE):
                continue  # "thank you for your feedback; we have changed the form": acted on
            hits.append(
                Hit(
                    "non_apology",
                    (sentence[i].start, end),
                    "a feeling named in place of an apology",
                    "Say sorry for what we did and what it cost them: "
                    '"We\'re sorry we kept you waiting three days for your refund."',
                )
            )
            break
    return hits


_OURS = {"we", "i", "our", "my", "this", "these"}  # "this change": the act of ours just told
# not words.BE: with "am", "Unfortunately, on Friday I am booked at another job" turns vague
_BE = {"is", "are", "was", "were", "be", "been", "being"}
_FRONTED = {"on", "in", "at", "during", "over", "between", "yesterday", "earlier", "last"}


def our_act_follows(text: str, end: int) -> bool:
    """After "Unfortunately", the clause tells an act of ours with its doer: "Unfortunately, on
    Tuesday 13th February we had a failure in part of our core network", "Unfortunately, this
    change contained a bug". Regret leads into a fact someone did, not a harm that befell no one
    ("Unfortunately, your order has been delayed"). A fronted time or place is passed over; the
    subject runs to the clause's first finite verb, which must not be a passive ("this change
    was delayed")."""
    rest = next((s for s, _ in sentences(text[end:])), [])
    if rest and rest[0].text == ",":
        rest = rest[1:]
    ours = next((k for k, t in enumerate(rest[:9]) if t.low in _OURS), None)
    if ours and rest[0].low in _FRONTED and not any(is_finite_verb(t) for t in rest[:ours]):
        rest = rest[ours:]  # "on Tuesday 13th February(,) we had ...": a fronted when or where
    verb = next((k for k, t in enumerate(rest) if is_finite_verb(t)), None)
    if not verb or rest[0].low not in _OURS or any(t.text in ",;:" for t in rest[:verb]):
        return False
    near = rest[verb : verb + 4]  # "was delayed", "cannot be guaranteed", "has been moved"
    return not any(t.low in _BE and verb_lemma(n.low, "VBN")
                   for t, n in zip(near, near[1:], strict=False))
