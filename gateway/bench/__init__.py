"""Benchmarks and the fake provider server: tools around the gateway, not part of it.

Nothing in the product imports this package; `python -m gateway bench` loads
it inside that command only. `fakes/` is the fake SendGrid/Twilio/chat server
that the tests and the benchmarks send to.
"""
