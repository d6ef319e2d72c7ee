"""writers room."""
