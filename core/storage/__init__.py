"""Persistence: SQLAlchemy 2 models, column types and the database handle (SQLite or PostgreSQL)."""
