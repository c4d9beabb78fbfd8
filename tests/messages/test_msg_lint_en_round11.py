"""English checks of the eleventh round of issue 17 (h34): precision on fresh good text by
structure. A third party must be a PARTY: a role noun at the head of the subject (not a place,
a thing or a word inside a relative clause: "Broadband in Hove", "the duct outside your home",
"your locker code", "the plant that keeps the ice frozen"), a role noun by its ending only when
a verb lies under it ("assessor", not "river"), and a name or a role noun by shape only when
the verb has an object or is left undone ("left 212 bags", not "the Sky Swing stays shut").
"Only"/"just"/"a little" count plainly when they pick one out ("the only one"), tell a
shortfall with its whole ("just 20 minutes instead of 45"), or soften a delay whose date is
then told. And the shapes added for recall; the rewrite each suggests, and the near misses
each leaves alone."""

import pytest

from gateway.messages.lint import checks
from gateway.messages.lint.english.blame import agent_noun, head_chunk
from gateway.messages.lint.english.parse import sentences
from tests.support.lint_cases import round_tests

FLAGGED = [
    ("The assessor lost your claim form.", "blame_others", "We lost your claim form."),
    ("Swiftpost returned your parcel to our depot.", "blame_others",
     "We returned your parcel to our depot."),
    ("Blackwood Print, who produce our council tax bills, put last year's instalment dates on "
     "about 6,000 of them.", "blame_others", "We put last year's instalment dates"),
    ("Poor handling by the freight forwarder left your bike frame bent.", "blame_others",
     "If a partner was involved"),
    ("Our delivery drivers were held up by the protest in the city centre.", "blame_others",
     "If a partner was involved"),
    ("The points engine ran a delta batch on Sunday instead of a full recalculation.", "jargon",
     "Our system ran a delta batch"),
    ("Your case is now in our mishandled-baggage workflow.", "jargon",
     "Your case is now in our system."),
    ("The queue consumers crashed under load.", "jargon", "Our system crashed under load."),
    ("We're waiting for the memorandum of sale to propagate to both conveyancers.", "jargon",
     "Use everyday words"),
    ("Your groceries arrived a touch later than planned on Saturday.", "minimising",
     "Give the figure"),
    ("It was merely a short break in your TV service.", "minimising", "Give the figure"),
    ("Our meal kit deliveries are a little up in the air this week.", "minimising",
     "Give the figure"),
    # recall: parties with ordinary verbs, a relative clause that serves us, a stranded "on"
    ("Skyline Handling, the ground agent at Malaga, left 212 bags on the apron.", "blame_others",
     "We left 212 bags on the apron."),
    ("The letting portal we advertise on lost your viewing request.", "blame_others",
     "We lost your viewing request."),
    ("The dairy that stocks our office fridges has let us down again.", "blame_others",
     "We have let you down again."),
    # passives: "had to be", a good verb sent to the wrong place
    ("Your Spanish course start date has had to be moved to 14 April.", "passive_evasion",
     "We moved your Spanish course start date to 14 April."),
    ("Your suitcase was sent on to Dublin instead of Dubai.", "passive_evasion",
     "We sent your suitcase on to Dublin instead of Dubai."),
    # minimising without a count
    ("Your bag was only a day late, and it reached your hotel on Wednesday.", "minimising",
     "Your bag was a day late, and it reached your hotel on Wednesday."),
    ("Your parcel locker was only out of action for a couple of days.", "minimising",
     "Your parcel locker was out of action for <exactly how many or how long> days."),
    ("For most households the price difference comes to a matter of pennies a day.",
     "minimising", "comes to <exactly how many or how long> a day."),
    # customer blame by reminder, condition, our papers, their act then its result
    ("Please remember that offers only load onto your card once you have activated them in the "
     "app yourself.", "blame_customer", "We should have made this step clearer."),
    ("We can see you scanned an adult ticket at the child gate, which is what held up your "
     "group at entry.", "blame_customer", "We should have checked this with you."),
    ("Looking at your order, the 13th is the date you picked at checkout, so that's the day "
     "the bouquet went out.", "blame_customer", "We should have checked this with you."),
    ("Bags without a name and address label inside, like yours, always take us longer to "
     "trace.", "blame_customer", "We are still tracing your bag"),
    ("Campers who arrive after 10pm lose their reserved pitch, as the terms you agreed to make "
     "clear.", "blame_customer", "We should have made this clearer."),
    ("As our booking page clearly states, boat hire slots are non-refundable once a weather "
     "warning is issued.", "blame_customer", "We should have made this clearer."),
    ("We did send you two reminders before your locker code expired.", "blame_customer",
     "We should have made sure it reached you."),
    # non-apologies: sorry to whoever felt it, our fault denied
    ("Our apologies to any of our guests who came away from Friday night's screening feeling "
     "short-changed.", "non_apology", "We're sorry <what went wrong for you>."),
    ("While we don't believe our drivers did anything wrong, we'd like to offer you a £5 credit "
     "as a goodwill gesture.", "non_apology", "We're sorry <what went wrong for you>."),
    ("We've made some changes behind the scenes that should stop this happening again.", "vague",
     "we will write again by"),
    ("Your refund is sitting in a pending settlement state while the acquirer clears it.",
     "jargon", "Your refund is sitting in a queue of payments still clearing"),
    # dev-14 batch 2's misses
    ("Your wedding photos were late because your planner gave us the wrong venue address.",
     "blame_customer", "Your wedding photos were late. We should have warned you"),
    ("Just a reminder that parking permits are only valid when displayed on the dashboard.",
     "blame_customer", "We should have made this step clearer."),
    ("Anyone who books a removal van for a Saturday should expect the price to be higher.",
     "blame_customer", "here is how to avoid it"),
    ("The takeaway was barely ten minutes later than the time we gave you.", "minimising",
     "The takeaway was ten minutes later than the time we gave you."),
    # a system acts on the customer's things (an object): still the evasion it was
    ("The new booking software sent your appointment letter for 9 May to an address you left "
     "in 2021.", "blame_others", "We sent your appointment letter"),
    ("The card scheme declined payments for an hour.", "blame_others",
     "We declined payments for an hour."),
    ("We only lost a small part of your message history.", "minimising", "Give the figure"),
    # dev-14 batch 3
    ("The marina's fuel supplier has run dry again, so your boat can't go out today.",
     "blame_others", "We have run dry again"),
    ("The storm closed the roads, so your delivery is late.", "blame_others",
     "Say what it means for them and what we are doing"),
    ("It will take a little more time to fix.", "minimising", "Give the figure"),
]

CLEAN = [
    # things and places as subjects, not parties
    "Broadband in Hove and Portslade dropped at 06:40 today after a faulty router upgrade of "
    "ours; we expect it back by 13:00.",
    "The Log Flume reopened at 2pm, and the Sky Swing stays shut until at least 4pm, when we'll "
    "post an update.",
    "Our engineer found the duct outside your home blocked on Tuesday 2 December.",
    "If your locker code has expired, reply to this text and we'll send a new one straight away.",
    "The river rose above the jetty, so we've cancelled today's boat hire and refunded you.",
    "We've cancelled Saturday afternoon's ice rink session. The cooling plant that keeps the ice "
    "frozen needed urgent repair overnight. We'll refund you in full.",
    "Two pages of your yacht charter form are missing; Sam will email them to you today.",
    "During that time you could not log in.",
    # "only", "just", "a little" counting plainly
    "Your bag was the only one from flight 212 that we didn't deliver on Tuesday, and we're "
    "sorry you waited another day.",
    "Our points system added up only part of your shopping on Sunday, so your balance is 340 "
    "points short; we'll add them tonight.",
    "Only two of the twelve cupcakes arrived whole, and we're sorry; we'll bake a fresh dozen "
    "for tomorrow.",
    "Your lesson ran just 20 minutes instead of 45 because our instructor left early, so your "
    "next lesson is free.",
    "The new timetable is a little different, as the 8:15 bus now leaves at 8:10.",
    "The sale of 22 Kent Street will take a little longer. The buyer's solicitor has asked for "
    "more time to check the local searches. We now expect to exchange contracts in the week of "
    "19 January.",
    # work done, with a clock time read as two tokens
    "Your car was washed and valeted by 10am.",
    # plain batches and engines
    "We baked a fresh batch of scones this morning.",
    # near misses of the recall shapes
    "We don't think you did anything wrong, and we've refunded you.",
    "As our letter explains, your new card works from Monday.",
    "The shop is only closed on Sundays.",
    "The pool is only closed for cleaning on Mondays.",
    "The pipe that feeds our building burst on Monday, and our plumber fixed it by noon.",
    "Please remember to bring your booking number when you collect your keys.",
    "We can see you called us on Monday, and we're sorry nobody rang back.",
    "Bags like yours are on the next flight, and we'll deliver yours by 6pm.",
    "We did send the reminder, but to an old address; that was our mistake.",
    "You picked the 13th at checkout, and we delivered on the 12th by mistake; we're sorry.",
    # dev-14 batch 2's false positives, tuned to
    "Hale & Sons, the removals firm we use, moved your furniture on Monday and we checked every "
    "item with you.",
    "We only had two vans on the road on Tuesday, so we were late to you; that's on us.",
    "Your complaint was passed to our manager on Monday, and she will call you by Friday.",
    "The library app stopped loading on Tuesday; we'll have it working by 5pm on Wednesday.",
    "Customers who book before Friday can expect their parcel by Monday.",
    "Just a reminder that your appointment is at 10am on Monday.",
    "Your photos were late because our editor was ill, and we're sorry.",
    # dev-14 batch 3's false positives, tuned to
    "Heavy snow closed the ski lift at 11am, and we've refunded the afternoon lesson.",
    "Your T-shirt design needs a little more space around the edges before we print it; we've "
    "sent you an example.",
    "There's only one parking space left for Saturday, so we've held it for you.",
    "Three prints in your order were damaged when our machine jammed, and we've reprinted them.",
    "Your car's engine was serviced on Tuesday.",
]


test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN)


def test_a_duty_of_care_is_no_rule_shape():
    """No rule reads "had to be careful" as an excuse. Since the learned check was retrained
    on the fourteenth round's sets (d2dd214) it warns that the sentence reads vague, which
    COMMS.md bears out (careful how, and why?), so only the rules are asked here."""
    text = "We have had to be careful with your data."
    assert checks.run_rules(checks.TEXT_RULES, text, "en", "body") == []


@pytest.mark.parametrize(("word", "party"), [
    ("assessor", True), ("wholesaler", True), ("plumber", True), ("locksmith", True),
    ("engineer", True), ("river", False), ("ladder", False), ("timber", False)])
def test_a_role_noun_by_its_ending_needs_a_verb_under_it(word, party):
    assert agent_noun(word) is party


def test_the_head_chunk_stops_before_places_and_relative_clauses():
    def chunk(text: str) -> str:
        return " ".join(t.low for t in head_chunk(sentences(text)[0][0]))

    assert chunk("Broadband in Hove and Portslade") == "broadband"
    assert chunk("the plant that keeps the ice frozen") == "the plant"
    assert chunk("the team at Acme Logistics") == "the team at acme logistics"
    assert chunk("during that time") == "during that time"
