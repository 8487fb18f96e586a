"""Live updates: the broadcast backend (memory or Redis), channels and event payloads."""
