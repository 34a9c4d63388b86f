"""Shared core of Pulse Fitness: settings, databases, domain formulas and the `pulse` CLI."""

__version__ = "0.1.0"
