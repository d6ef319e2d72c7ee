"""collection_setup room."""
