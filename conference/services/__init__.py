"""Use cases. Each takes the acting user first, then ids and values, then ``uow=``.
Steps, always in this order: load, check (security), change, audit, commit."""
