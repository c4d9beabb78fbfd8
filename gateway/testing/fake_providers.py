"""`python -m gateway.testing.fake_providers --port N`, the command SPEC and README
name for the fake provider server, which lives in `gateway.bench.fakes`."""

from gateway.bench.fakes.process import main

if __name__ == "__main__":
    main()
