"""validators room."""
