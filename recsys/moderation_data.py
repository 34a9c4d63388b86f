"""The labelled texts the moderation model learns from, written for this project: comments,
workout notes and profile lines as lifters write them, and the kinds that must not reach others
unreviewed (spam, harassment, sexual content, and self-harm, which goes to a person instead of
being refused).

Each example comes from a *family* (one way of saying a thing) filled with varied words, cases,
emoji and typos; the held-out split keeps whole families out of training, so the measured
precision and recall are for phrasings the model never saw, not for memorised templates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LABELS = ("spam", "harassment", "sexual", "self_harm")

_LIFTS = ["squat", "bench", "deadlift", "press", "pull-ups", "rows", "lunges", "cleans", "5k", "hill sprints", "leg day", "push day"]
_NUMBERS = ["100", "140", "225", "315", "60", "5x5", "3x8", "20 min", "a PR", "a new best", "two plates"]
_NAMES = ["mate", "bro", "coach", "champ", "friend", "dude", "legend", "team"]
_EMOJI = ["", "", "", " 💪", " 🔥", " 🏋️", " 👏", " 😅", " 🙌", " !!"]
_INSULTS = ["idiot", "loser", "clown", "moron", "joke", "waste of space", "pathetic weakling", "embarrassment", "fraud", "nobody"]
_SHOPS = ["cheap-gains.shop", "bit.ly/fr33gainz", "supps4less.biz", "getripped.click", "musclepills.store", "t.me/steroidsdeal"]
_PRODUCTS = ["steroids", "SARMs", "fat burners", "followers", "test boosters", "peptides", "diet pills", "crypto signals"]
_BODY = ["body", "legs", "butt", "chest", "thighs"]

# (label or None, family templates). Slots: {lift} {n} {name} {insult} {shop} {product} {body}.
FAMILIES: list[tuple[str | None, list[str]]] = [
    (None, ["great {lift} session today", "nice work on the {lift}, {name}", "{n} on {lift}, finally", "that {lift} looked smooth"]),
    (None, ["how did the {lift} feel?", "what program are you running for {lift}?", "any tips for {lift} form?", "how long did you rest between sets"]),
    (None, ["legs are destroyed after {lift}", "tough one today, {lift} was heavy", "felt weak on {lift} but showed up", "slept badly, {lift} still went ok"]),
    (None, ["see you at the gym tomorrow {name}", "who's in for {lift} on saturday?", "meet at 7 for {lift}?", "same time next week {name}"]),
    (None, ["proud of you {name}, {n} is huge", "you crushed it {name}", "keep going, you're getting stronger", "consistency paying off {name}"]),
    (None, ["deload week, taking it easy", "rest day, stretching and a walk", "back after a week off, {lift} felt rusty", "recovering from a cold, light {lift}"]),
    (None, ["kill it on the {lift}!", "you absolutely murdered that {lift}", "this {lift} is killing me lol", "dying after {n} {lift}", "{lift} nearly killed me"]),
    (None, ["my knee hurts on {lift}, should I stop?", "lower back tight after {lift}", "shoulder clicks on {lift}, any advice", "hurt my wrist on {lift}"]),
    (None, ["coach says {n} next month", "new shoes made {lift} better", "bought a belt at the sports shop", "form check on {lift} please", "link to your program?"]),
    (None, ["lifting for 3 years, love this community", "powerlifter, dog person, coffee addict", "training for my first marathon", "mum of two, lifting at 6am"]),
    (None, ["that {lift} was sick", "brutal {lift} but worth it", "insane {lift} numbers {name}", "beast mode on {lift} today", "savage {lift}, {name}"]),
    (None, ["I hate burpees so much", "my body hates me after {lift}", "cardio is the worst lol", "why do I do this to myself, {lift} again", "can't feel my legs"]),
    (None, ["you're an animal on {lift}", "you're a machine {name}", "stop making it look easy {name}", "show off! {n} on {lift}", "you're crazy strong"]),
    (None, ["feeling down today but the {lift} helped", "rough week, glad I trained", "gym is my therapy", "bad day, {lift} cleared my head"]),
    ("spam", ["buy {product} at {shop}", "best {product} prices, visit {shop}", "{product} shipped worldwide {shop}", "order {product} now: {shop}"]),
    ("spam", ["get 10k {product} fast, dm me", "earn $500 a day from home, link in bio", "click {shop} for free {product}", "promo code GAINZ at {shop}"]),
    ("spam", ["follow me for {product} deals", "check my page for {product} discounts", "message me to buy {product} cheap", "{product} for sale, whatsapp me"]),
    ("spam", ["limited offer!!! {product} 70% off {shop}", "winner! claim your free {product} at {shop}", "cheap {product} no prescription", "make money fast with {product}"]),
    ("spam", ["dm for {product} plug", "selling {product}, discreet delivery", "best {product} source, text me", "{product} in stock, fast shipping"]),
    ("harassment", ["you are a {insult}", "what a {insult}, quit lifting", "nobody cares about your {lift}, {insult}", "lol {n}? {insult}"]),
    ("harassment", ["shut up you {insult}", "delete your account {insult}", "go away, {insult}", "you look like a {insult} on {lift}"]),
    ("harassment", ["everyone at the gym laughs at you", "you'll never be strong, give up", "stop posting, you're embarrassing", "your form is a joke and so are you"]),
    ("harassment", ["i know where you train, watch out", "i'll find you after {lift}", "wait till i see you at the gym {insult}", "you better watch your back"]),
    ("harassment", ["ugly {insult}, nobody wants to see you", "you're disgusting, stay home", "fat {insult}, stop eating", "you should be ashamed of yourself {insult}"]),
    ("sexual", ["nice {body}, send pics", "dm me your {body} pics", "your {body} is so hot, want to hook up", "send me something private tonight"]),
    ("sexual", ["wanna see me naked", "nudes for nudes?", "my onlyfans has more than {lift}", "looking for a hookup after {lift}"]),
    ("sexual", ["i want to see you naked", "send nudes {name}", "hook up tonight? your {body} is hot", "naked pics of your {body}?"]),
    ("sexual", ["sexy {body}, come to my place", "want to have sex after {lift}?", "show me your {body} without clothes", "i'm horny, message me"]),
    ("self_harm", ["i want to hurt myself", "i don't want to be here anymore", "thinking about ending it", "i feel like cutting again"]),
    ("self_harm", ["no reason to live lately", "i wish i could disappear for good", "nobody would miss me", "i can't go on like this"]),
    ("self_harm", ["i want to die", "thinking about killing myself", "i want to end my life", "everyone is better off without me"]),
    ("self_harm", ["i've been hurting myself again", "i don't want to live anymore", "i think about suicide every day", "planning to end it all"]),
]


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]
    family: int


def _vary(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        text = text.capitalize()
    if rng.random() < 0.1:
        text = text.upper()
    if rng.random() < 0.15 and len(text) > 8:  # a typo: two letters swapped
        i = rng.randrange(len(text) - 2)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text + rng.choice(_EMOJI)


def examples(per_template: int = 12, seed: int = 7) -> list[Example]:
    rng = random.Random(seed)
    found = []
    for family, (label, templates) in enumerate(FAMILIES):
        for template in templates:
            for _ in range(per_template):
                text = template.format(
                    lift=rng.choice(_LIFTS), n=rng.choice(_NUMBERS), name=rng.choice(_NAMES), insult=rng.choice(_INSULTS),
                    shop=rng.choice(_SHOPS), product=rng.choice(_PRODUCTS), body=rng.choice(_BODY),
                )
                found.append(Example(_vary(rng, text), (label,) if label else (), family))
    return found


def family_split(data: list[Example], holdout_share: float = 0.25, seed: int = 7) -> tuple[list[Example], list[Example]]:
    """Whole families held out: for every label (and the harmless), about `holdout_share` of its
    families, at least one, so every label is measured on phrasings the model did not see."""
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for family, (label, _) in enumerate(FAMILIES):
        by_label.setdefault(label or "", []).append(family)
    held = set()
    for families in by_label.values():
        held.update(rng.sample(families, max(1, round(len(families) * holdout_share))))
    return [e for e in data if e.family not in held], [e for e in data if e.family in held]
