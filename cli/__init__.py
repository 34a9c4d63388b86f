"""The `pulse` command: the composition root that starts every part (the Makefile calls it)."""
