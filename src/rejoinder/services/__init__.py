"""Business rules and access checks: the only layer that writes, publishes or enqueues."""
