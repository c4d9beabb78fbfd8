"""English recall of the twenty-seventh round of issue 17 (h162), from the bad sentences
dev-heldout26 missed, each by a clause's shape (english/framing.py).

- ``minimising``: a failure framed by how seldom or how briefly it happens: "it is not uncommon
  for" / "it is rare for" followed by a failure verb, "the first time in 13 years", "only
  temporary", "kept to a minimum". "It is rare for" with no failure after it, and an exact
  count or length, are clean.
- ``vague``: effort or betterment promised with no act, time or number: "in the future" (or
  "going forward") with a betterment word ("improve", "safer", "make sure", "more attention"),
  "working as hard as they can", "work hard to", "is our top priority". A clock time, a day or
  a figure in the sentence, or "in the future" with no betterment promised, is clean.
- ``blame_customer``: a duty, cost or fault put on them by the clause's shape: "Failure to
  <act> will result in ...", "the customer will incur / be liable for ...", "Before you can get
  a credit, you first need to ...", and "If your card was declined" with a main clause that
  points at what they typed or hold ("double-check ... entered correctly", "may not match").
  What we do for them, a charge we waive, or a declined card with only our help after it, is
  clean.

The flagged sentences are dev-heldout26's bad ones or written for this file; the clean ones
were written for this file."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # rarity (minimise.py's shape) or a record said of a failure (dev-heldout26)
    ("It is not uncommon for a request for credit card authorisation to fail once or twice "
     "before the card is finally authorised.", "minimising", "let them judge its size"),
    ("It is important to mention that it is not common for ferries to be canceled or delayed.",
     "minimising", "Ferries can be canceled or delayed."),
    ("This is the first time in 13 years that we've had a certificate issue.", "minimising",
     'Drop "the first time in 13 years"'),
    ("This is only temporary, and the bank will only charge you once on the due date.",
     "minimising", 'Drop "only temporary"'),
    ("This remains a last resort and is kept to a minimum.", "minimising",
     'Drop "kept to a minimum"'),
    # written for this file
    ("It's very rare for parcels to be lost in the post.", "minimising",
     "let them judge its size"),
    ("This is the first outage in five years for our booking site.", "minimising",
     'Drop "the first outage in five years"'),
    # effort or betterment promised, nothing to hold us to (dev-heldout26)
    ("In the future we will pay more attention to server stability and timely announcements of "
     "server shutdowns.", "vague", "Name the act, who does it and when"),
    ("Getting your power back on safely and quickly is our top priority.", "vague",
     "Name the act, who does it and when"),
    ("Our engineers and linemen work hard to determine the cause of every outage and make the "
     "necessary repairs.", "vague", "Name the act"),
    ("I can assure you our teams are working as hard as they can to resolve these issues.",
     "vague", "Name the act"),
    ("I am now looking at ways that I can make our infrastructure safer in the future.", "vague",
     "Name the act"),
    # written for this file
    ("Going forward, we will make sure your deliveries arrive on time.", "vague",
     "Name the act"),
    # a duty, cost or fault on them (dev-heldout26)
    ("Failure to make any payment as agreed will result in interruption of utility service.",
     "blame_customer", "Your bill is due on <date>"),
    ("If an additional delivery is required the customer will incur the delivery charge.",
     "blame_customer", "Say who pays and why"),
    ("Before you can get a credit for a service outage, you first need to report your service "
     "is not working.", "blame_customer", "we will credit you"),
    ("If your card was declined, please double-check that all of your information was entered "
     "correctly and try to submit again.", "blame_customer", "Your bank declined the payment"),
    ("If your payment has been declined, the card details in your account may not match the "
     "details held by the bank or card provider.", "blame_customer", "try another card"),
    # written for this file
    ("Failing to return the form by Friday may lead to your account being closed.",
     "blame_customer", "Say the date and what we will do"),
    ("You will be liable for any charges made before you told us.", "blame_customer",
     "Say who pays and why"),
    # our service hung on their having got it right (dev-heldout26, and one for this file)
    ("You will be notified by the ferry operator (via email or SMS, given that you provided the "
     "correct information).", "blame_customer", "with no condition on them"),
    ("We will deliver on Friday, as long as you entered a valid address.", "blame_customer",
     "with no condition on them"),
    # the fault or the wait on someone else (dev-heldout26)
    ("We apologise profusely for their incompetence.", "blame_others", "Own it"),
    ("Nancy Wood, fearless director, is unclear when we will open, we are at the mercy of "
     "plumbers, sheet-rockers and such.", "blame_others", "Own it"),
    ("Nobody from Estates let the IT Division know that this work was going to be carried out.",
     "blame_others", "Own it"),
    # written for this file
    ("We are sorry for their careless mistake with your parcel.", "blame_others", "Own it"),
    ("We're at the mercy of the courier until the parcels are found.", "blame_others", "Own it"),
    # the harm made light (dev-heldout26)
    ("We apologise to customers who are facing some delays following an IT outage this "
     "morning.", "minimising", "Give the figure of the harm"),
    ("Despite these disruptions, we are still successfully completing around 99% of bin "
     "collections across the area.", "minimising", "Give the figure of the harm"),
    # written for this file
    ("Some of you may be experiencing a few minor issues with the app.", "minimising",
     "Give the figure of the harm"),
    ("In spite of the strike, we are still running the vast majority of trains.", "minimising",
     "Give the figure of the harm"),
    # asked or hedged instead of owned (dev-heldout26)
    ("We thank our customers for their usual support and continue to ask for patience during "
     "this time.", "non_apology", "Say it as fact and give a time"),
    ("If you have been charged twice for your order then we're very sorry, it's a mistake and "
     "we'll fix it.", "non_apology", "Say it as fact and give a time"),
    # written for this file
    ("We kindly request your continued understanding while the line is repaired.",
     "non_apology", "Say it as fact and give a time"),
    # a failure that happens now and then, no doer (dev-heldout26)
    ("Occasionally bins will be missed by mistake; if this is the case please contact us or "
     "complete the online form.", "passive_evasion", "Sometimes we miss one by mistake"),
    # written for this file
    ("Sometimes parcels get lost.", "passive_evasion", "Sometimes we lose one"),
    ("From time to time, appointments may be cancelled at short notice.", "passive_evasion",
     "Sometimes we cancel one"),
]

CLEAN = [
    "Your payment failed twice this morning, at 09:12 and 09:40; we retried it at 10:02.",
    "The ferry on 4 May was cancelled because of high winds; we refunded your ticket today.",
    "It is the first time we have sent you this letter.",
    "The road stays closed until Friday, 6 pm, while the crew replaces the pipe.",
    "We have been open for 13 years and we are sorry we let you down.",
    "From 1 March we will text you the day before every delivery, to make sure someone is in.",
    "Our crew is replacing the cable and we expect power back by 6 pm tomorrow.",
    "In the future, invoices will come from billing@example.com instead of the old address.",
    "We have added a second disk and will check disk alarms weekly to make sure this is caught.",
    "If your card was declined, we will email you a link to try again or pay by phone.",
    "If a second delivery is needed, we will not charge you for it.",
    "Before you travel, you can check the new times on our website.",
    "Our failure to send the reminder meant your plan ended early; we have restored it today.",
    "We apologise for our mistake with your parcel.",
    "No one from our team told you about the change, and that was our mistake.",
    "We are sorry: we did not tell the courier about the road closure.",
    "Some customers are facing delays of up to two days; we are sorry.",
    "About 1,200 bins were not collected on Monday; we will collect them by Wednesday.",
    "Despite the storm, we will reopen the depot on Thursday at 8 am.",
    "We had some difficulties because our card machine lost its signal for an hour.",
    "We charged 318 orders twice on Tuesday; we are very sorry, and we refunded them today.",
    "If you were charged twice, we will refund the second charge by Friday.",
    "Thank you for telling us about the missed bin; we will collect it tomorrow.",
    "Sometimes we miss a bin by mistake; if we missed yours, we will come back within 2 days.",
    "Occasionally prices are updated on the first of the month.",
    "We will deliver on Friday between 9 am and 1 pm, as long as someone is at home.",
    "We will email you at the address you gave us if the sailing changes.",
]

test_round27_recall_flagged, test_round27_recall_left_alone = round_tests(FLAGGED, CLEAN)
