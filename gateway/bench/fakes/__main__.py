"""`python -m gateway.bench.fakes --port N`: the fake provider server as a process."""

from .process import main

main()
