"""Structural checks for English: who is the subject, what is the verb, is it passive.

Phrase lists trail new wording, so these checks read the shape of a clause
instead: a third party as the subject of a failure verb, a passive with no
agent, a condition that blames the customer, an abbreviation nobody
explained. Each finding carries a rewrite built from the sentence.
"""
