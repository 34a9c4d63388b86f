"""Synthetic data for the app database (every row is_synthetic): the generator, the demo account
(`demo`) and the purge of synthetic rows (`purge`).

`generate(engine_or_url, users, days, seed)` simulates a population of people (archetypes,
programs, progressive overload, cardio, body weight, goals, friendships) and bulk-loads it with
COPY. The pure simulation lives in `plan`, `people`, `training`, `body`, `goals`; `writer` loads.
"""

from synthetic.writer import SeedAlreadyGenerated, generate

__all__ = ["SeedAlreadyGenerated", "generate"]
