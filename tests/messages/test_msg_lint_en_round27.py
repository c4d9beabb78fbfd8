"""English precision of the twenty-seventh round of issue 17 (h160), from the good sentences of
dev-heldout26 (real notices by other writers) that the linter flagged, each by a sentence's
structure.

- ``minimising`` (english/minimise.py): "don't worry about" + a gerund of a verb that is no
  failure tells them a step they need not take ("please don't worry about returning them");
  "don't worry about losing your photos" and "about the delay" are still flagged.
- ``minimising``: a softener before "over/under/more than" and a figure rounds the figure
  ("down for a bit over one hour"); "a bit over budget", "a bit over capacity" and "a little
  more time" are still flagged.
- ``minimising``: a small word in advice, a clause that opens "you should/can/may" and a verb of
  doing ("you should wait a few minutes and try again"), is their step; with a verb of meeting
  the harm (``met_verbs``: "you may notice a short delay") it is still flagged.
- ``minimising``: "if you only" + a verb that is no failure tells their case ("If you only got
  one email"), as "we only had" tells our limit; "If you only lost a few photos" and "If you
  were only charged a small amount" are still flagged.
- ``abbreviation`` (abbreviations.py): a unit of measure (``units``: GB, TB, MW ...) right after
  its figure ("an 80GB alarm", "20 GB of data") is plain; alone ("your GB allowance"), as a
  plural, or another abbreviation beside it is still flagged.
- ``blame_customer`` (english/customer.py): people "who had not" + a verb of consent
  (``consent_verbs``: opted in, signed up, subscribed, asked) did nothing wrong ("included
  people who had not opted in"); with a consequence put on them ("... missed the warning",
  "... will not get the discount") or a duty ("hadn't signed the form") it is still flagged.
- ``blame_customer``: people "with" a faulty thing, as whom our act went "to", with nothing
  denied before and nothing befalling them after ("we mailed a newsletter to our subscribers
  with incorrect dates"), is what we sent; "we could not deliver to customers with wrong
  postcodes", "customers with weak passwords were hacked" are still flagged.
- ``minimising`` (recall): "it is (not un)common / (un)usual / normal / rare for X to" + a
  failure verb judges for them how often the harm comes ("It is not uncommon for a request for
  credit card authorisation to fail once or twice", dev-heldout26's bad one); with no failure
  verb ("It is common for refunds to take five working days") it is left alone.
- ``abbreviation``: "COVID" joins the abbreviations everyone knows (``abbreviations_ok``).
- ``vague`` (english/hedging.py): "as soon as" in a sentence that tells an act of ours already
  done ("We called you back as soon as we saw your message"), or before a clause whose
  subject is a named thing with an active verb ("as soon as the venue tells us", "as soon as
  your parcel reaches us"), sets the moment by an event they can see; "as soon as we can",
  "... the issue is resolved", "... it is fixed", "... our engineers finish" and "... things
  improve" are still flagged.

The clean sentences are dev-heldout26's good sentences these changes cleared (one with its
company's name cut); the flagged ones were written for this file."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a worry about a harm, not a step of theirs
    ("Don't worry about losing your photos.", "minimising", "let them judge its size"),
    ("Please don't worry about the delay.", "minimising", "let them judge its size"),
    ("Don't worry about missing the deadline.", "minimising", "let them judge its size"),
    # a softener before a comparative, with no figure after it
    ("The work ran a bit over budget.", "minimising",
     'Give the figure: "The work ran <exactly how many or how long> over budget."'),
    ("We are a bit over capacity.", "minimising", "Give the figure"),
    ("The refund took a little more time.", "minimising", "Give the figure"),
    # what they will meet of the harm, not a step they take
    ("You may notice a short delay.", "minimising", "Give the figure"),
    ("You might see a few errors on the page.", "minimising", "Give the figure"),
    ("You should only see a small delay.", "minimising",
     'Give the figure: "You should see a delay."'),
    # "if you only" with a failure verb, or "were only"
    ("If you only lost a few photos, we can restore them.", "minimising", "Give the figure"),
    ("If you were only charged a small amount, we will refund it.", "minimising",
     "Give the figure"),
    # a unit alone, as a plural, or another abbreviation beside one
    ("Your GB allowance ran out.", "abbreviation", '"GB"'),
    ("We hit 80 TBs of storage.", "abbreviation", '"TBs"'),
    ("The AZ had 80GB of errors.", "abbreviation", "The data centre had 80GB of errors."),
    # consent not given, but a consequence or a duty put on them
    ("Customers who had not signed up for alerts missed the warning.", "blame_customer",
     "We should have made it easier"),
    ("Customers who hadn't signed the form were charged.", "blame_customer",
     "We should have made it easier"),
    ("Members who never asked for a refund lost their money.", "blame_customer",
     "We should have made it easier"),
    ("Members who did not opt in will not get the discount.", "blame_customer",
     "We should have made it easier to opt in."),
    # people "with" a fault: denied something, or something befalls them
    ("Customers with weak passwords were hacked.", "blame_customer", "Say what we got wrong"),
    ("Our subscribers with incorrect dates of birth could not log in.", "blame_customer",
     "Say what we got wrong"),
    ("We could not deliver to customers with wrong postcodes.", "blame_customer",
     "Say what we got wrong"),
    ("We wrote to customers with old apps, who then lost their data.", "blame_customer",
     "Say what we got wrong"),
    # how often a harm comes, judged for them (dev-heldout26's bad ones first)
    ("It is not uncommon for a request for credit card authorisation to fail once or twice "
     "before the card is finally authorised.", "minimising",
     '"A request for credit card authorisation can fail once or twice before the card is '
     'finally authorised.'),
    ("It is important to mention that it is not common for ferries to be canceled or delayed.",
     "minimising", '"Ferries can be canceled or delayed.'),
    ("It's not unusual for parcels to be lost at this time of year.", "minimising",
     '"Parcels can be lost at this time of year.'),
    # "as soon as" with us, a vague thing, a passive or no event
    ("We will update you as soon as we can.", "vague", "16:00"),
    ("We will update you as soon as the issue is resolved.", "vague", "16:00"),
    ("We will write as soon as it is fixed.", "vague", "16:00"),
    ("We will update you as soon as our engineers finish.", "vague", "16:00"),
    ("We will call you as soon as things improve.", "vague", "16:00"),
]

CLEAN = [
    # dev-heldout26: a library, a coworking app's post-mortem, a shop, a newsletter author
    "If you have any library books out on loan, please don't worry about returning them.",
    "If your parcel is late, please don't worry about contacting us.",
    "Yesterday the Cobot website was down for a bit over one hour.",
    "The website was down for a bit over an hour.",
    "The refund took a little more than 3 days.",
    "If you receive an error message, you should wait a few minutes and try your request again.",
    "If you only got one email, then it is most likely we had a problem when you tried to place "
    "your order and the failed attempt has not been refunded yet.",
    "By accident we had set the alarm to 80GB - which on a 20GB drive would never have fired.",
    "Your plan now has 20 GB of data.",
    "I didn't realize that the \"audience\" included people who had not opted in, and I added "
    "everyone.",
    "Our last email newsletter included a bunch of people who hadn't signed up.",
    "Yesterday we mailed a newsletter to our subscribers with incorrect dates for three "
    "important holidays.",
    "I had COVID last week, so the shop was closed.",
    "It is common for refunds to take five working days.",
    "It is not uncommon for customers to ask for two copies.",
    "We called you back as soon as we saw your message.",
    "As soon as the venue tells us the new date, we will email you.",
    "We will refund you as soon as your parcel reaches us.",
]

test_round27_flagged, test_round27_left_alone = round_tests(FLAGGED, CLEAN)
