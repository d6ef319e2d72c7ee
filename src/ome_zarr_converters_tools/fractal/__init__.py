"""fractal subpackage."""
