"""Models of the practice app."""
