"""registration room."""
