"""Test doubles shipped with the project (fake provider server)."""
