"""English precision of the twenty-fourth round of issue 17 (h138), from the false positives of
dev-25 and dev-22 (real public text by other writers), each by a sentence's structure.

- ``long_sentences`` (english/length.py): a sentence up to five words over the limit with at
  most two subordinate clauses (a main clause or two, a "who", "when" or "that" hanging off
  them) reads in one breath; one that nests clauses ("what went wrong, why ... and how ...
  that ...") is still too long, and so is any sentence further over the limit.
- ``vague_promise`` (english/hedging.py): an effort on "the" and one noun ("examining the
  train", "working through the weekend") works on a thing both sides can name, as a named
  thing of two words already did; "the matter", "the cause" and "our procedures" name nothing.
- ``empathy_instead`` (english/hedging.py, h141): a feeling named beside our own fault in our
  words ("and know we let our members down") comes with the fault; after "you feel" it does not.
- vague "as soon as possible" (checks.py, h141): with a date or deadline of ours later in the
  sentence ("..., and we will pay you by the end of next week") the time is said.
- ``third_party_blame`` (english/blame.py, h141): the weather as the subject, then after a ";"
  the new day the thing comes to them ("; it will reach you on Friday"), tells the reason and
  what it means for them; the weather alone, or with no day, is still blame.
- ``minimising`` (english/minimise.py, h141): "don't worry" said after "if you ...," speaks to
  one case of theirs; said of the harm ("..., but don't worry") it still judges its size.
- ``unsaid_state`` (english/unspecified.py, h141): a trouble hung on the subject with no "are"
  and followed by "should"/"can" ("Tenants still having problems should ...") picks out whom
  an instruction is for; "tenants are having problems" still reports nothing.

Sentences written for this file, in wording no corpus uses."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # four clauses hanging off one another, 32 words
    ("We want to find out what went wrong, why our checks did not catch it and how we can make "
     "sure that the same mistake does not happen again at your branch.", "sentence_length",
     "Split this sentence of 32 words"),
    # few clauses, but 42 words
    ("Our bakery on Station Road will be closed on Monday and Tuesday next week while we replace "
     "the ovens, and our other bakery on the market square will stay open from seven in the "
     "morning until six in the evening as usual.", "sentence_length",
     "Our bakery on Station Road will be closed on Monday and Tuesday next week while we replace "
     "the ovens. Our other bakery"),
    # effort on a placeholder, or on our own processes: still no time and no thing
    ("Our staff are looking into the matter.", "vague",
     "Our staff are looking into the matter, and we will write again by 16:00"),
    ("We are reviewing our procedures.", "vague",
     "We are reviewing our procedures, and we will write again by 16:00"),
    # the feeling alone, or our fault only as their view of it
    ("We recognise how frustrating the closure of the pool has been.", "non_apology",
     "Say sorry for what we did"),
    ("We appreciate your frustration, and that you feel we let the club down.", "non_apology",
     "Say sorry"),
    # "as soon as possible" with no time, or the time in another sentence
    ("We will send your new card as soon as possible.", "vague", "by 16:00 today"),
    ("We will mend the gate as soon as possible. The garden opens on Saturday.", "vague",
     "Say what we are doing"),
    # the weather as the subject, with no new day for them
    ("Heavy snow shut our airport depot; we do not know when it will open again.",
     "blame_others", "shut our airport depot"),
    ("Your bags are two days late because the snow shut our airport depot.", "blame_others",
     "shut our airport depot"),
    # "don't worry" said of the harm, not after "if you"
    ("Your invoice is missing a page, but don't worry.", "minimising",
     "Name the harm and let them judge its size"),
    # the trouble reported, not whom an instruction is for
    ("Tenants are having problems with the door entry system.", "vague",
     "<what does not work>"),
]

CLEAN = [
    "Tenants still having problems with the door entry system should call the caretaker on "
    "the number on the noticeboard.",
    "If you ordered a gift card on Sunday and the email with its code hasn't come, don't worry.",
    "Your bags are two days late because the snow shut our airport depot; they will reach you "
    "by Thursday.",
    "We recognise how frustrating the closure of the pool has been and know we let our members "
    "down.",
    "We will post your new card as soon as possible, and it will reach you by Thursday.",
    "Our team will call you as soon as possible to rebook, and we will refund the lesson by the "
    "end of this week.",
    "Our card reader charged 140 customers twice on Tuesday afternoon, and we refunded all of "
    "those payments on Wednesday morning, so the money will be back in your account by Friday "
    "at the latest.",
    "The lift in your building stopped working on Monday morning when a cable snapped, and our "
    "engineer is fitting a new cable today, so you can use the lift again from six this evening.",
    "We sent the wrong invoice to everyone who ordered from our garden range in March and April, "
    "and the correct invoice, with the lower price you were quoted, is attached to this email.",
    "Our engineers are examining the lift to see why it stopped between floors.",
]

test_round24_flagged, test_round24_left_alone = round_tests(FLAGGED, CLEAN)
