"""English function words and closed word classes the structural checks parse with."""

from __future__ import annotations

CLAUSE_BREAK = {",", ";", ":", "(", ")", "—", "–"}
CONJUNCTIONS = {
    "and",
    "but",
    "so",
    "because",
    "which",
    "while",
    "although",
    "though",
    "since",
    "when",
    "after",
    "before",
    "until",
    "whereas",
    "then",
}
BE = {"am", "is", "are", "was", "were", "be", "been", "being", "'s", "’s"}
AUX = BE | {
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "may",
    "might",
    "shall",
    "should",
    "must",
    "hasn't",
    "haven't",
    "hadn't",
    "doesn't",
    "didn't",
    "don't",
    "can't",
    "cannot",
    "couldn't",
    "won't",
    "wouldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn’t",
    "haven’t",
    "hadn’t",
    "doesn’t",
    "didn’t",
    "don’t",
    "can’t",
    "couldn’t",
    "won’t",
    "wouldn’t",
    "isn’t",
    "aren’t",
    "wasn’t",
    "weren’t",
}
PRONOUNS = {"we", "they", "you", "i", "he", "she", "it", "that", "who", "which"}
# counts written as words: "just one item", "Eleven of your emails"
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "couple",
                "pair", "hundred", "dozen"}
DETERMINERS = {
    "the",
    "a",
    "an",
    "our",
    "their",
    "its",
    "some",
    "several",
    "many",
    "one",
    "this",
    "that",
    "these",
    "those",
    "your",
    "his",
    "her",
    "all",
    "most",
    "certain",
    "any",
    "each",
    "every",
}
OWN = {"we", "i", "you", "nothing", "none", "no", "everything", "everyone", "nobody"}
AGREE = {
    "has": "have",
    "is": "are",
    "was": "were",
    "does": "do",
    "hasn't": "haven't",
    "isn't": "aren't",
    "wasn't": "weren't",
    "doesn't": "don't",
    "hasn’t": "haven’t",
    "isn’t": "aren’t",
    "wasn’t": "weren’t",
    "doesn’t": "don’t",
}
NEG_AUX = {"did", "didn't", "didn’t", "had", "hadn't", "hadn’t", "not", "never"}
TIME_UNITS = {
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "tomorrow",
    "today",
    "tonight",
    "noon",
    "midnight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
# "last month's invoice", "Tuesday's veg boxes": a time owns nothing, so names no party
TIME_OWNERS = TIME_UNITS | {
    "yesterday", "year", "years", "morning", "afternoon", "evening", "night", "weekend",
    "season", "quarter", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "spring", "summer", "autumn",
    "winter",
}
# acts that take something away or change it against the customer: never a plain report
# of work done (english/passive.py, english/blame.py)
TAKING = {"close", "void", "remove", "withdraw", "reallocate", "reassign", "change", "move",
           "reduce", "end", "terminate", "deactivate", "disable", "freeze", "charge", "bill",
           "debit", "fine", "reject", "decline", "cut", "raise", "increase", "lower", "switch",
           "cap", "limit", "restrict", "bar", "ban", "revoke", "cancel", "downgrade", "shorten",
           "merge", "replace", "sell", "pass", "share", "keep", "retain", "flag", "mark", "deny",
           "refuse", "turn", "lock", "overwrite", "wipe", "clear", "erase", "reset", "redirect",
           "reroute", "divert", "transfer", "hand", "give", "leave", "skip", "omit", "drop"}
MISDEED_PREFIXES = ("double-", "mis-", "mis", "over-", "over", "under-", "under", "wrongly-")
# adverbs of time that may stand between "had" and its participle ("if you had already
# paid"), besides any "-ly" adverb (english/customer.py)
TIME_ADVERBS = frozenset({"already", "just", "once", "ever", "since", "still", "also"})
# adverbs of degree before "responsible for", "liable for" ("is solely responsible for")
DEGREE_ADVERBS = frozenset({"solely", "fully", "entirely", "ultimately"})
# verbs that undo what a failure noun names: "the fault was fixed", "the issue has been resolved"
UNDOING = frozenset({"fix", "resolve", "repair", "correct", "solve", "rectify", "remedy"})
# what a purpose clause mends, said after an act: "(brought in) to help resolve the problem",
# "(shut the water off) to address an electrical problem": the act is the remedy
MENDING = UNDOING | {"restore", "reinstate", "reconnect", "address"}
# "as soon as possible" said of a promise: vague, unless the sentence tells it done or gives
# the time (checks.py, english/hedging.py)
ASAP = frozenset({"as soon as possible", "as quickly as possible"})
