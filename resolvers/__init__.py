"""Use cases: authorize, load, call the engine, save in one transaction, publish an event."""
