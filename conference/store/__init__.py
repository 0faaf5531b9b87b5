"""Persistence: SQLAlchemy 2 models, the engine, the unit of work, Alembic migrations."""
