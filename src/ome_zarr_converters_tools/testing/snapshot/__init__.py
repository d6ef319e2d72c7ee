"""Snapshot harness: read converted output into models, store and compare them."""
