"""Every structural check of the English package in one pass (``check``), and the sentences
that own the fault (``owned_spans``); a module of its own, so that importing the package's
parser does not import every check (abbreviations.py reads the parser)."""

from __future__ import annotations

from gateway.messages.lint.abbreviations import abbreviations
from gateway.messages.lint.english.agents import third_party_agents
from gateway.messages.lint.english.blame import agent_noun, cause_elsewhere, third_party_blame
from gateway.messages.lint.english.conditional import (
    conditional_apology,
    intent_denied,
    regret_owning_nothing,
    sorry_for_their_taste,
    sorry_they_asked,
)
from gateway.messages.lint.english.customer import customer_condition
from gateway.messages.lint.english.deflections import deflections
from gateway.messages.lint.english.framing import (
    effort_for_later,
    failure_foretold,
    fault_theirs,
    harm_made_light,
    patience_asked,
    seldom,
    their_cost,
)
from gateway.messages.lint.english.grounds import grounds
from gateway.messages.lint.english.hedging import (
    empathy_instead,
    generic_apology,
    sorry_for_feelings,
    vague_promise,
)
from gateway.messages.lint.english.labels import internal_labels
from gateway.messages.lint.english.minimise import minimising
from gateway.messages.lint.english.parse import owns, sentences
from gateway.messages.lint.english.passive import (
    agentless_passive,
    being_done,
    came_about,
    exposure,
    remedied,
)
from gateway.messages.lint.english.rare import cause_terms, rare_words
from gateway.messages.lint.english.stance import (
    apology_to_whoever,
    defended_or_bought,
    presumed_or_noted,
    regrets_to_the_upset,
    sorry_for_their_reaction,
    sorry_for_their_view,
)
from gateway.messages.lint.english.their_part import their_part
from gateway.messages.lint.english.their_state import state_checks
from gateway.messages.lint.english.their_trigger import their_trigger
from gateway.messages.lint.english.track_record import track_record
from gateway.messages.lint.english.trade import trade_words
from gateway.messages.lint.english.unspecified import (
    placeholder_harm,
    progress_without_time,
    unnamed_harm,
    unsaid_state,
    unspecified_harm,
)
from gateway.messages.lint.findings import Hit


def check(text: str) -> list[Hit]:
    """Every structural finding in ``text`` (en); spans index into ``text``."""
    hits = remedied(text, third_party_blame(text)) + third_party_agents(text)
    hits += cause_elsewhere(text)
    hits += remedied(text, agentless_passive(text)) + exposure(text) + being_done(text)
    hits += came_about(text)
    hits += customer_condition(text) + abbreviations(text, "en")
    hits += vague_promise(text) + unspecified_harm(text) + remedied(text, minimising(text))
    hits += generic_apology(text)
    hits += conditional_apology(text) + regret_owning_nothing(text) + sorry_they_asked(text)
    trade = trade_words(text)
    rare = rare_words(text, trade)
    hits += trade + rare + cause_terms(text, trade + rare, agent_noun) + intent_denied(text)
    hits += sorry_for_their_taste(text)
    hits += progress_without_time(text) + sorry_for_their_view(text) + regrets_to_the_upset(text)
    hits += unnamed_harm(text) + unsaid_state(text) + their_part(text)
    hits += sorry_for_their_reaction(text) + defended_or_bought(text) + presumed_or_noted(text)
    hits += apology_to_whoever(text) + placeholder_harm(text) + state_checks(text)
    hits += deflections(text) + grounds(text) + seldom(text) + effort_for_later(text)
    hits += their_cost(text) + fault_theirs(text) + harm_made_light(text)
    hits += patience_asked(text) + failure_foretold(text) + track_record(text)
    hits += their_trigger(text)
    return hits + empathy_instead(text) + sorry_for_feelings(text) + internal_labels(text)


def owned_spans(text: str) -> list[tuple[int, int]]:
    """Sentences that own the fault ("we should have texted you"), with the clause before a
    ";" that leads into one: a phrase that names a cause there ("because of the storm") is
    an explanation, not blame."""
    parsed = sentences(text)
    spans = []
    for n, (sentence, end) in enumerate(parsed):
        nxt = parsed[n + 1][0] if n + 1 < len(parsed) and text[end : end + 1] == ";" else None
        if owns(sentence) or (nxt is not None and owns(nxt)):
            spans.append((sentence[0].start, end))
    return spans
