"""Helpers and fixtures shared by the tests: each defined once, here.

fixtures     the app, database, Redis, keys and sample customers (registered by
             tests/conftest.py for every test)
api          auth headers, customers and incidents through the API, sample facts
clock        times relative to now, time zones where it is day or night
env          the environment re-read after a test changed it
pipeline     a worker in this process, draining queues, the delivery rows
fakes        the fake provider server wired into the app
processes    free ports, child output, waiting, `gateway up`
databases    a PostgreSQL schema or SQLite file of one's own
lifecycle    the lifecycle harness: signed callbacks, links, rows
faults, workers, servers
             the fault tests: bulk audiences, worker processes, restartable servers
providers, delivery, compensation, console, browser, audit, audit_writers
             each area's own setup

The per-directory conftest files only register the fixtures their tests use."""
