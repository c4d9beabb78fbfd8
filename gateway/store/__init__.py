"""Persistence: SQLAlchemy models, the database handle and the Redis connection."""
