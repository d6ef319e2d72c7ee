"""filters room."""
