"""testing subpackage."""
