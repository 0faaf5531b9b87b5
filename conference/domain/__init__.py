"""Pure domain: enums, frozen snapshots and rules. Standard library only, no I/O."""
