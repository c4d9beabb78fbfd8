"""Harm said without saying which or how much: "Some recent orders might arrive later than
expected", "A technical matter is affecting a number of our flights today".

The shape, not the words: a quantifier that counts nothing ("some", "certain", "a number
of") on the harmed things, with a hedge on what happens to them ("may", "might", "could")
or a harm named only by a placeholder noun ("an issue", "changes", "disruption"), and no
number anywhere in the sentence. The rewrite keeps the sentence and asks for which, how
many and when in place of the quantifier and the hedge.
"""

from __future__ import annotations

import re
from operator import itemgetter

from gateway.messages.lint.english.minimise import conceded
from gateway.messages.lint.english.parse import Token, lexicon, lowered, read, sentence_case
from gateway.messages.lint.english.words import AUX, NUMBER_WORDS, TIME_UNITS
from gateway.messages.lint.findings import Hit

_FIRST = itemgetter(0)  # a token's first character (no token is empty)

_COUNT_GATE = ("some ", "certain ", "various ", "several ", "number of ")
_PROGRESS_GATE = ("direction", "progress", "headway", "track", "getting there", "coming along",
                  "on the mend", "looking up")
_QUANTIFIERS = {"some", "certain", "various", "several"}
_HEDGES = {"may", "might", "could"}
# nouns that name a harm without saying what it is
_PLACEHOLDERS = {"issue", "issues", "matter", "matters", "problem", "problems", "disruption",
                 "disruptions", "difficulties", "changes", "change", "interruption",
                 "interruptions", "impact", "situation"}
# verbs that report a harm landing on the things counted ("is affecting", "are experiencing")
_LANDING = {"affect", "affects", "affecting", "affected", "experience", "experiences",
            "experiencing", "impact", "impacts", "impacting", "impacted", "see", "face", "facing"}
_NOT_COUNTS = {"time", "point", "way", "reason", "sort", "kind", "extent", "degree", "help",
               "good", "thing", "things", "more", "questions", "advice"}
_SOFT_QUANTIFIER = re.compile(
    r"\b(?:[Ss]ome|[Cc]ertain|[Vv]arious|[Ss]everal|[Aa] (?:small |large )?number(?= of))\b"
)
_HEDGE = re.compile(r"\b(?:may|might|could)(?: well)?(?: also)?\b(?! not\b)")
_WHEN = re.compile(r"\b(?:today|tonight|tomorrow|this|next|coming|until|by|on|from)\b", re.I)


def _counted(lows: list[str]) -> int | None:
    """Index of a quantifier that counts the harmed things: "some orders", "a number of ...";
    not one before a unit of time ("for several hours"): a length of time, no one counted."""
    for i, w in enumerate(lows):
        if w not in _QUANTIFIERS and w != "number":
            continue
        nxt = lows[i + 1 : i + 2]
        if w in _QUANTIFIERS and nxt and nxt[0] not in _NOT_COUNTS | TIME_UNITS and not (
            w == "some" and i and lows[i - 1] in ("for", "in", "to", "at")
        ):  # not "for some time", "to some extent"
            return i
        if w == "number" and i and lows[i - 1] == "a" and nxt == ["of"]:
            return i
    return None


def unspecified_harm(text: str) -> list[Hit]:
    """A harm counted with "some"/"certain"/"a number of" and hedged or left unnamed."""
    low = lowered(text)
    if not any(w in low for w in _COUNT_GATE):
        return []
    hits = []
    for sentence, end, lows, words in read(text):
        if not NUMBER_WORDS.isdisjoint(words) or any(map(str.isdigit, map(_FIRST, lows))):
            continue  # "some of the 40 orders": a number said (a set test and one C loop)
        at = _counted(lows)
        if at is None or conceded(sentence, lows, sentence[at].start):
            continue  # "Whilst this only impacted a small number of customers, it was a
            # substantial impact, ...": the count conceded, the harm then told in full
        hedged = any(
            w in _HEDGES and lows[k + 1 : k + 2] not in (["not"], ["have"], ["you"], ["we"])
            and not {"you", "we"} & set(lows[max(0, k - 1) : k])
            for k, w in enumerate(lows)
        )  # "might arrive later"; not "you may see", "could not", "may have" (other checks)
        placeholder = bool(_PLACEHOLDERS & set(lows)) and bool(
            _LANDING & set(lows) or hedged or _linked(lows, at))
        if not (hedged or placeholder) or not _harmish(sentence, lows):
            continue
        hits.append(_hit(text, sentence, end, hedged))
    return hits


def _linked(lows: list[str], at: int) -> bool:
    """The placeholder is said of the counted things: "issues with some orders", "changes to
    some bookings". A "to" elsewhere ("as the teams adjust to the new rounds", "a bug that caused
    some requests to our service to fail") ties nothing to them: the harm is told elsewhere."""
    start = at - 1 if lows[at] == "number" else at  # "a number of": the link comes before "a"
    return lows[start - 1 : start] in (["with"], ["to"]) or any(
        w in _PLACEHOLDERS and lows[k + 1 : k + 2] in (["with"], ["to"])
        for k, w in enumerate(lows))


def _harmish(sentence: list[Token], lows: list[str]) -> bool:
    """Not a remedy or an offer: "some customers could get a refund" is good news."""
    return not {"refund", "refunds", "refunded", "credit", "credited", "compensation", "free",
                "voucher", "discount", "help", "please", "welcome", "choose", "prefer"} & set(lows)


def _hit(text: str, sentence: list[Token], end: int, hedged: bool) -> Hit:
    said = text[sentence[0].start : end].strip().rstrip(".!")
    plain = _SOFT_QUANTIFIER.sub("<which ones, how many>", said, count=1)
    if hedged:
        plain = _HEDGE.sub("will", plain, count=1)
    plain = re.sub(r"\b(?:an?|some) (?:technical |small |minor )?(?:issue|matter|problem)\b",
                   "<what went wrong>", plain, count=1, flags=re.IGNORECASE)
    when = "" if _WHEN.search(said) else ", by <day and time>"
    return Hit(
        "vague",
        (sentence[0].start, end),
        "says neither which nor how many",
        f'Say which, how many and when: "{sentence_case(plain)}{when}."',
    )


_PROGRESS = re.compile(
    r"\b(?:(?:moving|heading|going|pointing) in the right direction|making (?:good |steady |real |"
    r"some )?(?:progress|headway)|progressing (?:well|nicely)|on the right track|getting there"
    r"|coming along|on the mend|looking up)\b"
)


def progress_without_time(text: str) -> list[Hit]:
    """ "Things are moving in the right direction with the app": progress said, with no time,
    no number and nothing done named."""
    low = lowered(text)
    if not any(w in low for w in _PROGRESS_GATE):
        return []
    words = lexicon()
    hits = []
    for sentence, end, lows, _words in read(text):
        found = _PROGRESS.search(" ".join(lows))
        if found is None or any(w[:1].isdigit() or w in words["anchors"] - {"may"}
                                or w in NUMBER_WORDS for w in lows):
            continue
        said = text[sentence[0].start : end].strip().rstrip(".")
        hits.append(Hit(
            "vague",
            (sentence[0].start, end),
            "progress said with no time or step",
            f'Say what is done and when the rest will be: "{sentence_case(said)}: <what we have '
            'fixed>, and <the rest> by <day and time>."',
        ))
    return hits


_NOBODY_GATE = ("something", "things", "stuff")
_NOBODY = {"something", "things", "stuff"}
# what "something"/"things" did that names no harm: went wrong, not right, not as planned
_UNNAMED_HARM = {"wrong", "awry", "amiss", "astray", "happened", "occurred", "cropped",
                 "pear-shaped"}
_SHORT_OF = {"right", "well", "plan", "planned", "smoothly", "expected", "intended", "working",
             "ideal", "hoped", "should"}
_LEAD_INS = {"unfortunately", "sadly", "regrettably", "it", "seems", "appears", "looks", "like",
             "that", "we", "know", "think", "on", "monday", "today", "yesterday", "overnight",
             "recently", "earlier", "so", "and", "but", "i'm", "we're", "afraid"}


# "there has been a problem with ...": a harm said to exist, named by a placeholder only
_THERE_BE = {"has", "have", "had", "been", "was", "were", "is", "are", "seems", "appears",
             "to", "be"}
_HARM_PLACEHOLDERS = _PLACEHOLDERS - {"matter", "matters", "changes", "change", "impact",
                                      "situation"} | {"hiccups", "hitches", "complications",
                                                      "setbacks", "challenges"}
# a cause, a consequence or an account given beside it in the same sentence
_ACCOUNTED = {"because", "due", "caused", "since", "after", "when", "so", "but", "which",
              "that", "while", "as", ":", "–", "—"}


# a neutral noun that says nothing when all it is "regarding" is their thing ("There has been a
# development regarding your booking"), unless the sentence says what it is or when
_NEUTRAL_PLACEHOLDERS = {"change", "changes", "development", "developments", "matter", "update",
                         "situation", "occurrence", "alteration", "alterations", "adjustment",
                         "adjustments"}
_ABOUT_YOURS = {"regarding", "concerning", "about", "to", "with", "affecting", "relating", "around",
                "involving", "in", "on"}
_TOLD_THERE = {"from", "now", "moved", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "today", "tomorrow", "tonight", "new", "instead", "earlier",
               "later", "0", "am", "pm"}
# a relative clause that only promises telling ("... that we need to make you aware of")
_TELLING = {"aware", "tell", "share", "inform", "know", "update", "discuss", "explain", "mention",
            "flag", "raise", "highlight", "advise", "notify",
            # or only tells our effort on it ("... that we're working through")
            "working", "looking", "dealing", "resolving", "sorting", "handling", "addressing",
            "reviewing", "investigating", "managing"}
# counts that stand where "a" or "some" does: "one or two developments", "a few changes"
_COUNTS = (["one", "or", "two"], ["a", "few"], ["a", "couple", "of"], ["a", "number", "of"],
           ["several"], ["two"], ["three"], ["a", "small", "number", "of"])


def _tells_when(lows: list[str]) -> bool:
    """Words that say what changed or when: a day, a time, a figure, "now", "moved"."""
    return not _TOLD_THERE.isdisjoint(lows) or any(c.isdigit() for w in lows for c in w)


def _untold(rest: list[str]) -> list[str]:
    """``rest`` without a relative clause that only promises telling: "that we need to make you
    aware of" accounts for nothing."""
    at = next((k for k, w in enumerate(rest) if w in ("that", "which")), None)
    if at is not None and not _TELLING.isdisjoint(rest[at + 1 : at + 8]) and not {
            "because", "so", "since", "due", ":"}.intersection(rest[at + 1 :]):
        return rest[:at]
    return rest


def _placeholder_only(lows: list[str], others: list[list[str]]) -> int | None:
    """The index of the placeholder noun in "There has been a problem with today's lunch
    service, and we apologise" when neither the sentence nor the rest of the text says what it
    was (no cause, no sentence of ours telling it), else None."""
    at = next((n for n, w in enumerate(lows[:4]) if w == "there"), None)
    if at is None or any(w not in _LEAD_INS and w != "," for w in lows[:at]):
        return None
    k = at + 1
    while k < len(lows) and lows[k] in _THERE_BE:
        k += 1
    if k == at + 1:
        return None
    counted = next((c for c in _COUNTS if lows[k : k + len(c)] == c), None)
    if counted:
        k += len(counted) - 1  # "one or two developments": the count, then the noun
    elif lows[k : k + 1] not in (["a"], ["an"], ["some"]):
        return None
    noun = next((j for j in (k + 1, k + 2) if j < len(lows) and (
        lows[j] in _HARM_PLACEHOLDERS or lows[j] in _NEUTRAL_PLACEHOLDERS
        and lows[j + 1 : j + 2] != [] and lows[j + 1] in _ABOUT_YOURS
        and "your" in lows[j + 2 : j + 5] and not any(map(_tells_when, [lows[j:], *others])))),
        None)
    if noun is None or not _ACCOUNTED.isdisjoint(_untold(lows[noun:])) or any(
            o[:1] in (["we"], ["our"], ["it"], ["this"], ["the"]) or "because" in o
            for o in others):
        return None
    return noun


def unnamed_harm(text: str) -> list[Hit]:
    """ "Things did not go as planned with your order", "Something is not quite right with a
    few of our services": the subject of the harm is a word that names nothing."""
    low = lowered(text)
    hits = _there_placeholder(text) if "there " in low else []
    if not any(w in low for w in _NOBODY_GATE):
        return hits
    for sentence, end, lows, words in read(text):
        if _NOBODY.isdisjoint(words):
            continue
        at = next((n for n, w in enumerate(lows) if w in _NOBODY), None)
        if at is None:
            continue
        # the subject of its own clause: "We're sorry: something went wrong with ..."
        start = max((n + 1 for n, w in enumerate(lows[:at]) if w in (":", ";", "—", "–")),
                    default=0)
        if any(w not in _LEAD_INS and w != "," for w in lows[start:at]):
            continue  # "the things you ordered", "we fixed something": not the subject
        predicate = lows[at + 1 : at + 7]
        negated = any(w in ("not", "never") or w.endswith(("n't", "n’t")) for w in predicate[:3])
        harm = next((k for k, w in enumerate(predicate) if w in _UNNAMED_HARM
                     or (negated and w in _SHORT_OF)), None)
        if harm is None or _then_told(lows[at + 1 :]):
            continue
        k = at + 1 + harm + 1
        while k < len(lows) and lows[k] in ("as", "to", "planned", "plan", "expected", "intended",
                                             "up", "out", "quite", "entirely"):
            k += 1
        rest = text[sentence[k].start : end].strip().rstrip(".!") if k < len(sentence) else ""
        rest = f" {rest}" if rest else ""
        hits.append(Hit(
            "vague",
            (sentence[at].start, sentence[min(k, len(sentence)) - 1].end),
            f'"{sentence[at].text}" names no harm',
            f'Say what went wrong and what they will see: "<What went wrong>{rest}: <what you '
            'will see, and until when>."',
        ))
    return hits


def _then_told(rest: list[str]) -> bool:
    """ "..., so we lost your 10:00 slot", "... because our card machine died": what it was, or
    what it did to them, is told in the same sentence."""
    return "because" in rest or any(w == "so" and rest[k + 1 : k + 2] in (["we"], ["your"])
                                    for k, w in enumerate(rest))


def _there_placeholder(text: str) -> list[Hit]:
    """ "There has been a problem with your order": a harm that exists, with nothing said of
    it anywhere in the text."""
    read_ = read(text)
    hits = []
    for n, (sentence, _end, lows, _words) in enumerate(read_):
        if "there" not in lows[:4]:
            continue
        noun = _placeholder_only(lows, [r.lows for m, r in enumerate(read_) if m != n])
        if noun is None:
            continue
        hits.append(Hit(
            "vague",
            (sentence[0].start, sentence[noun].end),
            f'"{sentence[noun].text}" names no harm',
            'Say what went wrong and what they will see: "<What went wrong, and who it '
            'reached>: <what you will see, and until when>."',
        ))
    return hits


# how a thing "behaves" when nobody says what it does: "is behaving oddly for some people"
_ODDLY = {"oddly", "strangely", "unexpectedly", "erratically", "intermittently", "sporadically",
          "inconsistently", "unusually", "weirdly", "unpredictably", "abnormally"}
# work named as a noun that "is progressing" with no time: "Work is progressing on ..."
_WORK = {"work", "works", "progress", "efforts", "repairs", "testing", "investigation",
         "investigations", "recovery", "restoration", "cleanup", "clean-up", "remediation"}
_GOING_ON = {"progressing", "continuing", "continues", "continue", "proceeding", "ongoing",
             "underway", "advancing"}
# a placeholder subject said to be in a state that tells nothing: "the situation remains fluid"
_HOLDERS = {"situation", "matter", "position", "picture", "outlook", "issue", "problem"}
_STATES = {"fluid", "evolving", "changing", "unclear", "uncertain", "complex", "dynamic",
           "ongoing", "developing", "live", "unresolved", "unchanged", "complicated"}
# a thing "experiencing teething troubles": a trouble named by a word that says nothing
_HAVING = {"experiencing", "having", "facing", "suffering", "seeing", "encountering"}
_TROUBLES = {"troubles", "teething", "hiccups", "difficulties", "challenges", "issues",
             "problems", "gremlins", "niggles", "wobbles"}
_EXTRA = {"extra", "additional", "longer"}
_STATE_GATE = _ODDLY | _WORK | _HOLDERS | _HAVING | _EXTRA


# what the ones having trouble are told to do: "Customers still having problems should restart"
_INSTRUCTED = {"should", "can", "must", "need", "needs"}
_BE = {"is", "are", "was", "were", "be", "been", "am", "we're", "we’re", "they're", "they’re",
       "you're", "you’re", "i'm", "i’m"}


def _told_what_to_do(lows: list[str], n: int) -> bool:
    """ "Customers still having problems should restart their devices": the trouble, hung on
    the subject with no "are", picks out whom an instruction is for; it reports nothing."""
    if lows[n - 1] in _BE:
        return False
    trouble = next(k for k in range(n + 1, min(n + 9, len(lows))) if lows[k] in _TROUBLES)
    for w in lows[trouble + 1 : trouble + 9]:  # "problems (with the app) should call us"
        if w in _INSTRUCTED:
            return True
        if w in _BE or w in (",", ";", ":", "and", "but"):
            return False
    return False


def unsaid_state(text: str) -> list[Hit]:
    """A thing that "behaves oddly", work that "is progressing", a situation that "remains
    fluid": a state reported with no what, no number and no time."""
    low = lowered(text)
    if not any(w in low for w in _STATE_GATE):
        return []
    anchors = lexicon()["anchors"] - {"may", "now"}
    hits = []
    for sentence, end, lows, words in read(text):
        if _STATE_GATE.isdisjoint(words):
            continue
        if not (NUMBER_WORDS.isdisjoint(words) and anchors.isdisjoint(words)) or any(
                map(str.isdigit, map(_FIRST, lows))):
            continue  # a number or a time said
        said = text[sentence[0].start : end].strip().rstrip(".")
        odd = next((n for n, w in enumerate(lows) if w in _ODDLY and n), None)
        extra = next((n for n, w in enumerate(lows[:-1]) if w in _EXTRA
                      and lows[n + 1] in ("time", "days", "hours", "weeks", "delay")), None)
        if extra is not None and odd is None:
            plain = said.replace(f"{sentence[extra].text} {sentence[extra + 1].text}",
                                 "<how many> extra days", 1)
            hits.append(Hit("vague", (sentence[extra].start, sentence[extra + 1].end),
                            f'"{sentence[extra].text} {sentence[extra + 1].text}" says not how '
                            'much',
                            f'Say how long: "{sentence_case(plain)}."'))
            continue
        work = next((n for n, w in enumerate(lows[:4]) if w in _WORK
                     and _GOING_ON & set(lows[n + 1 : n + 4])), None)
        holder = next((n for n, w in enumerate(lows[:5]) if w in _HOLDERS
                       and _STATES & set(lows[n + 1 : n + 12])), None)
        having = next((n for n, w in enumerate(lows) if w in _HAVING and n
                       and _TROUBLES & set(lows[n + 1 : n + 9]) and not _told_what_to_do(lows, n)),
                      None)
        if odd is not None:
            plain = said.replace(sentence[odd].text, "<what it does wrong>", 1)
            hits.append(Hit("vague", (sentence[odd].start, sentence[odd].end),
                            f'"{sentence[odd].text}" says nothing of what goes wrong',
                            f'Say what they will see: "{sentence_case(plain)}, until <day and '
                            'time>."'))
        elif work is not None:
            rest = text[sentence[work].end : end].strip().rstrip(".")
            hits.append(Hit("vague", (sentence[work].start, end),
                            "work said to go on, with no time",
                            f'Say what is done and when the rest will be: "<What we have '
                            f'finished>; the rest of the {sentence[work].text.lower()} '
                            f'{_after_verb(rest)} will be done by <day and time>."'))
        elif having is not None:
            thing = text[sentence[0].start : sentence[having - 1].end]
            thing = re.sub(r"(?:\s+(?:is|am|are|was|were|has been|have been)|['’](?:re|m|s|ve))$",
                           "", thing, flags=re.IGNORECASE)
            # "We are experiencing issues": no thing named, only us ("We: <...>" says nothing)
            broken = "<What does not work>" if thing.lower() in ("we", "i") else (
                f"{sentence_case(thing)}: <what does not work>")
            hits.append(Hit("vague", (sentence[having].start, end),
                            "a trouble named with no what and no time",
                            f'Say what they will see: "{broken}, until <day and time>."'))
        elif holder is not None:
            about = text[sentence[holder].end : end].strip().rstrip(".")
            about = about.split(" remains")[0].split(" is ")[0].split(" continues")[0]
            about = re.sub(r"^(?:with|of|around|regarding|at|on)\s+", "", about)
            hits.append(Hit("vague", (sentence[holder].start, end),
                            f'"the {sentence[holder].text}" says nothing of what is wrong',
                            f'Say what is wrong and when it changes: "{sentence_case(about)}: '
                            '<what is wrong>, fixed by <day and time>."'))
    return hits


def _after_verb(rest: str) -> str:
    """ "is progressing on restoring the site" -> "on restoring the site"."""
    parts = rest.split(" ")
    while parts and parts[0].lower() in _GOING_ON | {"is", "are", "well", "steadily", "still"}:
        parts = parts[1:]
    return " ".join(parts) or "work"


# the harm an apology or a cause is about, named by a word that says nothing of it
_EMPTY_HARMS = {"situation", "matter", "disruption", "disruptions", "difficulties", "difficulty",
                "issue", "issues", "problem", "problems", "trouble", "troubles", "incident",
                "events", "circumstances", "factors", "happenings", "challenges", "hiccups",
                "hitches", "developments", "complications", "setbacks", "occurrence",
                "occurrences", "affairs", "irregularities", "discrepancies", "anomalies",
                "mix-up", "mix-ups", "mixup"}
_EMPTY_GATE = ("situation", "matter", "disruption", "difficult", "issue", "problem", "trouble",
               "incident", "events", "circumstances", "factors", "happen", "challenges",
               "hiccups", "hitches", "developments", "complications", "setbacks", "occurrence",
               "affairs", "irregularities", "discrepancies", "anomalies", "mix")
_SORRY_LEAD = {"we", "we're", "we’re", "are", "am", "i", "i'm", "i’m", "so", "very", "truly",
               "really", "deeply", "sincerely", "sorry", "apologise", "apologize", "apologies",
               "our", "please", "accept", "unfortunately", "sadly", ",", "and"}
# what we "had" when it is left unnamed: "we had some difficulties at the desk"
_HAD = {"had", "experienced", "faced", "hit", "encountered", "suffered"}
_COUNTLESS = {"some", "a", "few", "couple", "of", "number", "several", "certain", "minor",
              "small", "technical", "unexpected", "unforeseen", "various", "recent", "the",
              "an", "ongoing", "further", "more", "slight"}
# a harm verb with a placeholder cause as its subject: "circumstances at the venue affected"
_CAUSING = {"meant", "affected", "impacted", "caused", "delayed", "disrupted", "prevented",
            "stopped", "forced", "led", "resulted", "kept", "held"}
# a placeholder said to have come about: "a situation arose on the pontoon"
_ARISING = {"arose", "occurred", "developed", "emerged", "happened", "came", "cropped", "arisen",
            "occured"}
_FOUND = {"found", "identified", "detected", "noted", "discovered", "spotted", "observed"}
_TOLD = {"because", "due", "caused", "since", "after", "when", "as", "so", "such", "like",
         "including", "namely", "where", ":", "–", "—", "("}


def _told_elsewhere(others: list[list[str]]) -> bool:
    """Another sentence of the text tells what it was (it starts with a party or a thing, or
    gives a cause)."""
    return any(o[:1] in (["we"], ["our"], ["it"], ["this"], ["the"], ["a"], ["your"])
               or "because" in o for o in others)


def _empty_np(lows: list[str], at: int) -> int | None:
    """From ``at`` (a determiner or the noun), the index of an empty harm noun within the next
    four words ("the recent disruption", "an access-related matter", "the connectivity
    situation"), or None."""
    for k in range(at, min(at + 4, len(lows))):
        if lows[k] in _EMPTY_HARMS and (lows[k] != "affairs" or lows[k - 2 : k] == ["state", "of"]):
            return k  # "the state of affairs"
        if lows[k] in CLAUSE_STOPS and not (lows[k] == "of" and lows[k - 1 : k] == ["state"]):
            return None
    return None


CLAUSE_STOPS = {",", ";", ":", "—", "–", "(", ")", "and", "but", "because", "which", "that",
                "to", "with", "of", "in", "on", "at", "for", "from", "by"}


def placeholder_harm(text: str) -> list[Hit]:
    """ "We're sorry for the connectivity situation at Harbour Street", "We had some
    difficulties at the desk", "Circumstances at the venue affected your evening": the harm
    (or its cause) is a placeholder, and nothing in the sentence or the text says what it was."""
    low = lowered(text)
    if not any(w in low for w in _EMPTY_GATE):
        return []
    read_ = read(text)
    hits = []
    for n, (sentence, end, lows, words) in enumerate(read_):
        if _EMPTY_HARMS.isdisjoint(words) and "happened" not in words:
            continue
        noun = _apology_object(lows)
        if noun is None:
            noun = _had_or_caused(lows)
        if noun is None or not _TOLD.isdisjoint(lows[noun + 1 :]) or _told_elsewhere(
                [r.lows for m, r in enumerate(read_) if m != n]) or _what_it_did(lows, noun):
            continue
        first = _np_start(lows, noun)
        if not _DEMONSTRATIVES.isdisjoint(lows[first:noun]):
            continue  # "We sincerely apologise for this disruption": a demonstrative points back
            # to a harm told before it (an earlier sentence, or another field of the facts)
        said = text[sentence[0].start : end].strip().rstrip(".!")
        phrase = text[sentence[first].start : sentence[noun].end]
        plain = said.replace(phrase, "<what went wrong: what broke, for whom, for how long>", 1)
        plain = "<W" + plain[2:] if plain.startswith("<w") else plain
        hits.append(Hit(
            "vague",
            (sentence[first].start, sentence[noun].end),
            f'"{sentence[noun].text}" names no harm',
            f'Say what went wrong and what it did to them: "{sentence_case(plain)}."',
        ))
    return hits


_DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})


def _what_it_did(lows: list[str], noun: int) -> bool:
    """A relative clause on the placeholder tells what it did, counted: "we experienced
    problems that affected both the prepaid and current account for around 30 minutes" (as a
    placeholder subject that "affected two accounts" is told)."""
    rest = lows[noun + 1 :]
    return rest[:1] in (["that"], ["which"]) and rest[1:2] != [] and rest[1] in _CAUSING and any(
        w[:1].isdigit() or w in NUMBER_WORDS for w in rest[2:])


def _np_start(lows: list[str], noun: int) -> int:
    k = noun - 2 if lows[noun] == "affairs" and noun >= 2 else noun  # "the state of affairs"
    while k > 0 and lows[k - 1] not in _SORRY_LEAD - {"our"} and lows[k - 1] not in (
            "for", "about", "had", "by", "that") and lows[k - 1] not in _HAD | CLAUSE_STOPS and (
            noun - k < 5):
        k -= 1
    return k


def _apology_object(lows: list[str]) -> int | None:
    """ "We're sorry for the recent disruption", "Apologies for what happened with ...": the
    apology opens the sentence and its object is a placeholder."""
    at = next((k for k, w in enumerate(lows[:6]) if w in ("for", "about")), None)
    if at is None or not {"sorry", "apologise", "apologize", "apologies"} & set(lows[:at]) or any(
            w not in _SORRY_LEAD for w in lows[:at]):
        return None
    if lows[at + 1 : at + 3] in (["what", "happened"], ["what's", "happened"],
                                 ["what", "went"]):
        return at + 2
    return _empty_np(lows, at + 1)


def _had_or_caused(lows: list[str]) -> int | None:
    """ "we had some difficulties", "some issues on our end meant", "was impacted by factors
    at the depot": a placeholder had by us, causing a harm, or as the doer of a passive."""
    for k, w in enumerate(lows):
        if w in _HAD and k and lows[k - 1] in ("we", "we've", "we’ve", "have", "has"):
            j = k + 1
            while j < len(lows) and lows[j] in _COUNTLESS:
                j += 1
            if j < len(lows) and lows[j] in _EMPTY_HARMS and j > k + 1 or (
                    j == k + 1 and j < len(lows) and lows[j] in _EMPTY_HARMS):
                return j
        if w == "by" and k and lows[k - 1] in ("impacted", "affected", "disrupted", "delayed",
                                              "caused", "hit"):
            j = k + 1
            while j < len(lows) and lows[j] in _COUNTLESS:
                j += 1
            if j < len(lows) and lows[j] in _EMPTY_HARMS:
                return j
    # a clause's subject: the sentence's first word, or after ":" or "sorry that"
    starts = [0] + [k + 1 for k, w in enumerate(lows[:-1]) if w in (":", ";", "—", "–") or (
        w == "that" and k and lows[k - 1] in ("sorry", "regret")) or (
        w == "," and k == 1 and lows[0] in _LEAD_INS | {"regrettably"})]
    for start in starts:
        j = start
        while j < len(lows) and lows[j] in _COUNTLESS:
            j += 1
        if j < len(lows) and lows[j] in _EMPTY_HARMS and lows[j - 1 : j] in (
                ["a"], ["an"], ["some"]) and lows[j + 1 : j + 2] != [] and (
                lows[j + 1] in _ARISING or lows[j + 1] in ("was", "were") and lows[
                    j + 2 : j + 3] != [] and lows[j + 2] in _FOUND):
            return j  # "a situation arose on the pontoon", "some irregularities were found"
        if j < len(lows) and lows[j] in _EMPTY_HARMS - {"situation", "matter", "mix-up",
                                                        "mix-ups", "mixup"}:
            rest = lows[j + 1 : j + 6]
            verb = next((m for m, v in enumerate(rest) if v in _CAUSING), None)
            counted = any(w[:1].isdigit() or w in NUMBER_WORDS for w in lows[j + 1 :])
            if verb is not None and "with" not in rest[:verb] and not set(rest[:verb]) & AUX and (
                    not counted):  # "... affected two accounts, yours and one other": told
                return j
    return None
