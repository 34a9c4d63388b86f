"""Shared core of Pulse Fitness: settings, database URLs and the embedded server, migrations, units
and training formulas. It imports nothing from the project's other packages."""

__version__ = "0.1.0"
