"""Benchmarks and the fake provider server: tools around the gateway, not part of it.

Nothing in the product imports this package; `python -m gateway bench` loads
it inside that command only (`command` picks the benchmark its flags ask for):
`pipeline` (default), `load` (--load), `signals` (--signals), `signals_quality`
(--signals-quality), `lint` (--lint). Run on their own: `python -m
gateway.bench.providers` and `python -m gateway.bench.export`. Shared by them:
`instance` (a fresh gateway per benchmark) and `memory` (the one peak-RSS
sampler). `fakes/` is the fake SendGrid/Twilio/chat server that the tests and
the benchmarks send to.
"""
