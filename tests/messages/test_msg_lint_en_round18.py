"""English checks of the eighteenth round of issue 17 (h103): general forms, each tried on
wording no corpus uses, and the near misses each must leave alone. Customer blame: our advice
not followed, given as the reason ("... aren't watered as we advised"); our own part denied
beside the cause ("not because of anything we installed"); their own act, done, as the cause of
what they lose ("because you paid the subs after the cut-off date"); a diagnosis whose finding is
their use of it ("consistent with the door being forced open"). Non-apology: sorry for the
distance to their hopes; our work defended before the apology ("While we stand by ..."); their
view acknowledged in place of sorry. Minimising: the harm said to go away by itself ("which will
rub straight off"), or unseen ("where nobody will ever see it"). Vague: "things"/"matters" in
place of what happened; a counted placeholder whose relative clause tells only our effort; a
reason placed on our side but not named; changes only "subject to". Precision: our staff by
their role after "our" is no party; what our finding verb reports about a thing is no blame; the
weather as the reason for our own decision; a passive, a party's act or a small figure followed
by what we do about it with "we" (unless softened by an adverb); advice followed; our own fault
with "not because of anything you did"; FM and B&B."""

from gateway.messages.lint import lint_text
from tests.support.lint_cases import round_tests

FLAGGED = [
    # blame_customer
    ("The hedge grew back patchy, which is what happens when the cuttings aren't watered as we "
     "advised.", "blame_customer",
     "The hedge grew back patchy. We should have made our advice clearer"),
    ("Your boiler keeps cutting out because of the thermostat you moved, not because of anything "
     "we installed.", "blame_customer", "We're sorry your boiler keeps cutting out."),
    ("Your son lost his place on the team because you paid the subs after the cut-off date.",
     "blame_customer", "Your son lost his place on the team. We should have"),
    ("The hinge damage is consistent with the door being forced open.", "blame_customer",
     "We'll <repair or replace it"),
    # non_apology
    ("We're sorry the cake wasn't what you had hoped for.", "non_apology",
     "We're sorry we <what we did>"),
    ("While we stand by our recommendation, we're sorry you were unhappy with the colour.",
     "non_apology", "Drop the defence"),
    ("We acknowledge that a few diners felt the portions were small.", "non_apology",
     "not for what they found"),
    # minimising
    ("The kiln left a faint grey haze on your mugs, which will rub straight off.", "minimising",
     "The kiln left a faint grey haze on your mugs; we'll <put it right"),
    ("The scratch is on the underside of the table, where nobody will ever see it.",
     "minimising", "not who will notice"),
    # vague
    ("Your sofa is on hold while we sort out matters with the upholstery.", "vague",
     "Say what went wrong"),
    ("There have been a couple of developments with your loft conversion that we're looking "
     "into.", "vague", "Say what went wrong"),
    ("The gazebo may arrive later than planned, for reasons beyond our control.", "vague",
     "Name the reason"),
    ("Your swimming lessons are subject to a few changes over the holidays.", "vague",
     "Say what changes"),
    # passive evasion stays when softened, whatever remedy follows
    ("Some data was inadvertently made accessible; we have fixed the setting.",
     "passive_evasion", "We made some data accessible."),
]

CLEAN = [
    "You watered the cuttings as we advised, and they still died, so we're replanting them free.",
    "Your boiler stopped because we fitted the wrong valve, not because of anything you did; "
    "we'll swap it on Monday.",
    "Our installers left the side gate open, and we're sorry; we've fixed the latch and it "
    "closes on its own now.",
    "Our surveyor found the chimney stack had cracked in the frost, so we've put up a safe "
    "barrier and will rebuild it on Tuesday.",
    "Our skipper turned back at the headland because the wind rose above the limit we sail in; "
    "we've refunded the trip.",
    "The ferry company cancelled the 9:15 crossing, so we've booked you on the 11:00 at our "
    "cost.",
    "Your parcel was sent to the wrong depot; we've arranged a courier to bring it to you "
    "tomorrow.",
    "Only two of the twelve chairs were scratched, and we've replaced both.",
    "Because you told us about the step, we've sent a lighter trolley.",
    "There have been a few changes to your course: it now starts at 19:00 in Room 3.",
    "Your B&B in Keswick is booked for two nights.",
]

test_round18_flagged, test_round18_left_alone = round_tests(FLAGGED, CLEAN, or_in_message=True)


def test_a_gerund_passive_after_the_clauses_own_verb_is_not_rewritten_as_our_act() -> None:
    """ "… is consistent with the door being forced open" blames the customer; read as an
    agentless passive of the whole clause it got "We forced the hinge damage is consistent
    with the door open."."""
    findings = lint_text("The hinge damage is consistent with the door being forced open.", "en",
                         "body")
    assert [f.code for f in findings] == ["blame_customer"]
    assert lint_text("The old meter is being replaced.", "en", "body")[0].suggestion == (
        "We are replacing the old meter.")
