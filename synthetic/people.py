"""Who the generated people are: archetypes, bodies, habits, privacy settings, the communities
(gyms and clubs) they belong to, and the friendships between them.

Each person is drawn from a random.Random seeded by (seed, index, stream), so a person does not
depend on who was generated before them, and a different seed gives a different population.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from api.enums import FriendshipStatus, UnitSystem, Visibility
from pulse.units import M_PER_INCH, Quantity, to_si
from synthetic.records import FriendshipRecord, Window

EMAIL_DOMAIN = "generated.pulse.test"  # under `.test`, so every account is synthetic
MAX_USERNAME = 40

# Independent random streams per person: who they are, whom they befriend, how they train,
# which goals they set, what their body does, what the recommender showed them and how they
# reacted. Changing one part leaves the others as they were.
PROFILE, FRIENDS, HISTORY, GOALS, BODY, RECOMMENDATIONS, SAFETY, COMMUNITY = 0, 1, 2, 3, 4, 5, 6, 7
# Share of people who opt in to be suggested to others as a similar lifter.
DISCOVERABLE_SHARE = 0.6
# Most people open the verification link; some never do.
VERIFIED_SHARE = 0.85


def person_rng(seed: int, index: int, stream: int) -> random.Random:
    """A generator for one person and purpose. The integer packs (seed, index, stream) without
    collisions for up to 2**28 people and 16 streams."""
    return random.Random((seed << 32) | (index << 4) | stream)


def email_for(seed: int, index: int) -> str:
    return f"g{seed}-{index}@{EMAIL_DOMAIN}"


def email_prefix(seed: int) -> str:
    """What every email of one seed starts with (the dash keeps seed 1 apart from seed 12)."""
    return f"g{seed}-"


def pick(rng: random.Random, weighted: dict) -> object:
    """One key of `weighted`, with probability proportional to its value (dict order is fixed)."""
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


# ---- names -----------------------------------------------------------------------------------

FIRST_NAMES_F = (
    "Maria", "Emma", "Olivia", "Sofia", "Ava", "Mia", "Chloe", "Hannah", "Lena", "Nora", "Priya", "Aisha", "Yuki",
    "Mei", "Fatima", "Ingrid", "Camila", "Lucia", "Grace", "Zoe", "Amara", "Leila", "Freya", "Elena", "Julia",
    "Sara", "Anna", "Maya", "Isabel", "Rosa", "Nina", "Ruth", "Keiko", "Ana", "Clara", "Tara", "Helen", "Ines",
)
FIRST_NAMES_M = (
    "James", "Liam", "Noah", "Lucas", "Mateo", "Ethan", "Ravi", "Omar", "Kenji", "Wei", "David", "Daniel", "Jonas",
    "Felix", "Leon", "Diego", "Marco", "Samuel", "Ahmed", "Tom", "Ben", "Oscar", "Hugo", "Ivan", "Kofi", "Arjun",
    "Pablo", "Erik", "Nils", "Adam", "Luca", "Finn", "Hamza", "Tariq", "Chen", "Joao", "Mark", "Peter",
)
LAST_NAMES = (
    "Smith", "Garcia", "Muller", "Rossi", "Kim", "Nguyen", "Patel", "Silva", "Kowalski", "Jensen", "Cohen", "Haddad",
    "Tanaka", "Okafor", "Novak", "Larsen", "Dubois", "Moreau", "Brown", "Wilson", "Lopez", "Martin", "Schmidt",
    "Ivanova", "Costa", "Ali", "Khan", "Yamamoto", "Lindqvist", "Fischer", "Romero", "Baker", "Evans", "Walsh",
    "Singh", "Mendes", "Wagner", "Bauer", "Santos", "Reyes", "Hughes", "Clarke", "Ortiz", "Sato", "Weber", "Meyer",
)


def username_for(first: str, last: str, seed: int, index: int) -> str:
    """Name-like and unique per (seed, index): the numeric suffix is what makes it unique."""
    suffix = f"_{seed}_{index}"
    base = f"{first}.{last}".lower()[: max(1, MAX_USERNAME - len(suffix))]
    return base + suffix


# ---- archetypes ------------------------------------------------------------------------------

# Community kinds and how likely each fitness goal is among their members.
COMMUNITY_GOALS: dict[str, dict[str, float]] = {
    "gym": {"strength": 0.22, "muscle_gain": 0.26, "weight_loss": 0.2, "general_fitness": 0.2, "endurance": 0.12},
    "barbell_club": {"strength": 0.5, "muscle_gain": 0.35, "general_fitness": 0.1, "weight_loss": 0.05},
    "running_club": {"endurance": 0.65, "general_fitness": 0.18, "weight_loss": 0.12, "strength": 0.05},
    "bootcamp": {"weight_loss": 0.45, "general_fitness": 0.35, "muscle_gain": 0.1, "endurance": 0.1},
    "online": {"general_fitness": 0.3, "weight_loss": 0.3, "muscle_gain": 0.15, "endurance": 0.15, "strength": 0.1},
}
COMMUNITY_KINDS = {"gym": 0.35, "barbell_club": 0.15, "running_club": 0.2, "bootcamp": 0.15, "online": 0.15}
# People outside any community still find a few friends, anywhere in the population.
NO_COMMUNITY = -1
PEOPLE_PER_COMMUNITY = 45

EXPERIENCE_BY_GOAL: dict[str, dict[str, float]] = {
    "strength": {"beginner": 0.3, "intermediate": 0.45, "advanced": 0.25},
    "muscle_gain": {"beginner": 0.4, "intermediate": 0.42, "advanced": 0.18},
    "endurance": {"beginner": 0.35, "intermediate": 0.42, "advanced": 0.23},
    "weight_loss": {"beginner": 0.65, "intermediate": 0.3, "advanced": 0.05},
    "general_fitness": {"beginner": 0.5, "intermediate": 0.4, "advanced": 0.1},
}

# Equipment access: what each kind of person can use (NONE is always available).
ACCESS_EQUIPMENT: dict[str, tuple[str, ...]] = {
    "gym": ("NONE", "BARBELL", "DUMBBELL", "KETTLEBELL", "MACHINE", "CABLE", "BANDS", "OTHER"),
    "home": ("NONE", "DUMBBELL", "KETTLEBELL", "BANDS"),
    "bodyweight": ("NONE",),
    "runner": ("NONE",),
}
ACCESS_BY_GOAL: dict[str, dict[str, float]] = {
    "strength": {"gym": 0.9, "home": 0.1},
    "muscle_gain": {"gym": 0.8, "home": 0.15, "bodyweight": 0.05},
    "endurance": {"runner": 0.55, "gym": 0.45},
    "weight_loss": {"gym": 0.55, "home": 0.25, "bodyweight": 0.2},
    "general_fitness": {"gym": 0.5, "home": 0.25, "bodyweight": 0.25},
}

# Sessions a week by experience (endurance and weight loss people train a little more often):
# people who log their lifting in an app mostly plan three or four sessions a week.
FREQUENCY: dict[str, dict[int, float]] = {
    "beginner": {2: 0.25, 3: 0.5, 4: 0.25},
    "intermediate": {2: 0.1, 3: 0.4, 4: 0.35, 5: 0.15},
    "advanced": {3: 0.25, 4: 0.4, 5: 0.25, 6: 0.1},
}
# Where the chance of doing a planned session settles after the first enthusiasm (from, to): those
# who lose the habit mostly stop logging altogether (churn), so those still logging keep most sessions.
ADHERENCE_FLOOR = {"beginner": (0.55, 0.85), "intermediate": (0.65, 0.9), "advanced": (0.75, 0.95)}
# Weekday patterns (0 = Monday) for each number of sessions a week.
WEEK_PATTERNS: dict[int, tuple[tuple[int, ...], ...]] = {
    2: ((1, 4), (0, 3), (2, 5), (5, 6), (1, 5)),
    3: ((0, 2, 4), (1, 3, 5), (0, 2, 5), (1, 3, 6), (0, 3, 5)),
    4: ((0, 1, 3, 4), (0, 2, 4, 5), (1, 2, 4, 6), (0, 1, 3, 5)),
    5: ((0, 1, 2, 4, 5), (0, 1, 3, 4, 6), (0, 2, 3, 4, 6)),
    6: ((0, 1, 2, 3, 4, 5), (0, 1, 2, 4, 5, 6)),
}


@dataclass(frozen=True, slots=True)
class Person:
    index: int
    email: str
    username: str
    full_name: str
    female: bool
    date_of_birth: date
    height_m: Decimal  # as typed in their units (cm or inches), stored in metres
    fitness_goal: str
    experience: str
    unit_system: str
    workout_visibility: str
    stats_visibility: str
    access: str
    equipment: tuple[str, ...]
    community: int
    joined_day: int
    joined_at: datetime
    churn_day: int | None  # first day they no longer train or log anything
    breaks: tuple[tuple[int, int], ...]  # (first day, last day) of holidays and illness
    adherence_start: float  # chance of doing a planned session when they have just joined...
    adherence_floor: float  # ...decaying towards this
    adherence_days: float  # time constant of that decay
    sessions_per_week: int
    training_days: tuple[int, ...]  # weekdays
    preferred_hour: float
    logs_rpe: bool
    logs_warmups: bool
    planner: bool  # plans workouts in the app ahead of time (scheduled, sometimes cancelled)
    start_weight_kg: float
    weight_change_kg: float  # where their body weight heads over months (sign by goal)
    weigh_in_days: int | None  # how often they log body weight (None: never)
    smart_scale: bool  # body fat comes with each weigh-in
    resting_hr: int | None  # logged now and then by people with a watch
    body_fat_pct: float
    strength_level: float  # multiplies the strength standards
    endurance_level: float  # multiplies running speed
    talent: float  # multiplies how fast they gain
    extra_sets: int  # sets they add to every lifting slot of their program (0, 1 or 2)
    one_off_chance: float  # how often they add an exercise on the day that is not in their program
    deloads: bool  # keeps planned deload weeks (some experienced lifters)
    sociability: float  # how many friend requests they send
    is_discoverable: bool  # opted in to be suggested to others as a similar lifter
    is_verified: bool  # opened the link in the verification mail

    @property
    def available_equipment(self) -> tuple[str, ...]:
        """What they told the app they can use (users.available_equipment); NONE always."""
        return self.equipment if "NONE" in self.equipment else ("NONE", *self.equipment)

    @property
    def imperial(self) -> bool:
        return self.unit_system == UnitSystem.imperial

    def can_use(self, equipment: str) -> bool:
        return equipment == "NONE" or equipment in self.equipment

    def active_on(self, day: int) -> bool:
        """Still using the app (has joined and not churned) on `day`."""
        return day >= self.joined_day and (self.churn_day is None or day < self.churn_day)

    def on_break(self, day: int) -> bool:
        return any(first <= day <= last for first, last in self.breaks)


def _typed_height(meters: float, imperial: bool) -> Decimal:
    if imperial:
        return to_si(Decimal(round(meters / float(M_PER_INCH))), Quantity.height, UnitSystem.imperial)
    return to_si(Decimal(round(meters * 100)), Quantity.height, UnitSystem.metric)


def community_kinds(seed: int, count: int) -> list[str]:
    rng = random.Random(seed * 7919 + 17)
    return [pick(rng, COMMUNITY_KINDS) for _ in range(count)]


def community_count(users: int) -> int:
    return max(1, round(users / PEOPLE_PER_COMMUNITY))


def make_person(seed: int, index: int, window: Window, kinds: list[str]) -> Person:
    """Draw one person. `kinds` are the community kinds of this population."""
    rng = person_rng(seed, index, PROFILE)
    community = rng.randrange(len(kinds)) if rng.random() < 0.88 else NO_COMMUNITY
    kind = kinds[community] if community != NO_COMMUNITY else "gym"
    goal = pick(rng, COMMUNITY_GOALS[kind])
    experience = pick(rng, EXPERIENCE_BY_GOAL[goal])
    access_mix = dict(ACCESS_BY_GOAL[goal])
    if kind == "online":  # online groups train at home more often
        access_mix = {"home": 0.45, "bodyweight": 0.3, "gym": 0.25} if goal != "endurance" else {"runner": 0.8, "home": 0.2}
    elif kind == "running_club" and goal == "endurance":
        access_mix = {"runner": 0.7, "gym": 0.3}
    access = pick(rng, access_mix)

    female = rng.random() < (0.55 if goal in ("weight_loss", "general_fitness") else 0.4)
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    last = rng.choice(LAST_NAMES)
    age = min(75, max(16, int(rng.lognormvariate(3.45, 0.28))))  # median ~31, a long tail of older people
    date_of_birth = window.end - timedelta(days=age * 365 + rng.randrange(365))
    height = rng.gauss(1.64, 0.065) if female else rng.gauss(1.78, 0.07)
    bmi_mean = {"weight_loss": 30.5, "muscle_gain": 23.0, "endurance": 22.0}.get(goal, 24.5)
    bmi = max(17.5, rng.gauss(bmi_mean, 3.5 if goal == "weight_loss" else 2.5))
    start_weight = bmi * height * height

    # About half the population was already here when the period starts; the rest join over it.
    joined_day = rng.randrange(min(7, window.days)) if rng.random() < 0.5 else rng.randrange(window.days)
    joined_at = window.at(joined_day, rng.uniform(7, 22))
    if joined_at >= window.now:
        joined_at = window.at(joined_day, rng.uniform(6, 11.9))

    # Monthly churn hazard: beginners and weight-loss starters drop out more often.
    monthly_churn = {"beginner": 0.09, "intermediate": 0.05, "advanced": 0.03}[experience]
    monthly_churn *= 1.3 if goal == "weight_loss" else 1.0
    stays = rng.expovariate(monthly_churn / 30)
    churn_day = joined_day + 14 + int(stays) if joined_day + 14 + stays < window.days else None

    # Real lifters' logs have gaps: holidays, illness, busy months (two to three weeks, a few
    # times a year).
    breaks = []
    day = joined_day + int(rng.expovariate(1 / 90))
    while day < window.days:
        length = rng.randint(7, 21)
        breaks.append((day, day + length - 1))
        day += length + 30 + int(rng.expovariate(1 / 90))

    sessions = pick(rng, FREQUENCY[experience])
    if goal in ("endurance", "weight_loss") and sessions < 5 and rng.random() < 0.4:
        sessions += 1
    if access == "bodyweight" and sessions > 4:
        sessions = 4
    training_days = rng.choice(WEEK_PATTERNS[sessions])
    preferred_hour = pick(rng, {6.5: 0.22, 12.3: 0.14, 17.8: 0.46, 20.2: 0.18}) + rng.uniform(-0.6, 0.6)

    adherence_start = rng.uniform(0.82, 0.97)
    adherence_floor = rng.uniform(*ADHERENCE_FLOOR[experience])
    # Over the months they are here: weight loss a few to 14 percent, muscle gain a few percent.
    if goal == "weight_loss":
        weight_change = -rng.uniform(0.04, 0.14) * start_weight
    elif goal == "muscle_gain":
        weight_change = rng.uniform(0.02, 0.06) * start_weight
    else:
        weight_change = rng.gauss(0, 0.015) * start_weight
    weighs_in = pick(rng, {7: 0.35, 30: 0.25, 60: 0.2, None: 0.2})
    if goal in ("weight_loss", "muscle_gain") and weighs_in is None:
        weighs_in = 14
    fat_mean = (31 if female else 22) + (bmi - 24) * 1.2 - {"advanced": 4, "intermediate": 2}.get(experience, 0)
    level_factor = {"beginner": 0.6, "intermediate": 1.0, "advanced": 1.3}[experience]

    imperial = rng.random() < 0.25
    workout_visibility = pick(rng, {"friends": 0.55, "public": 0.25, "private": 0.2})
    # Body stats feel more personal: usually no more visible than workouts.
    stats_choices = {"private": 0.6, "friends": 0.3, "public": 0.1}
    stats_visibility = pick(rng, stats_choices)
    order = [Visibility.private, Visibility.friends, Visibility.public]
    if order.index(Visibility(stats_visibility)) > order.index(Visibility(workout_visibility)) and rng.random() < 0.8:
        stats_visibility = workout_visibility

    return Person(
        index=index,
        email=email_for(seed, index),
        username=username_for(first, last, seed, index),
        full_name=f"{first} {last}",
        female=female,
        date_of_birth=date_of_birth,
        height_m=_typed_height(height, imperial),
        fitness_goal=goal,
        experience=experience,
        unit_system=UnitSystem.imperial.value if imperial else UnitSystem.metric.value,
        workout_visibility=workout_visibility,
        stats_visibility=stats_visibility,
        access=access,
        equipment=ACCESS_EQUIPMENT[access],
        community=community,
        joined_day=joined_day,
        joined_at=joined_at,
        churn_day=churn_day,
        breaks=tuple(breaks),
        adherence_start=adherence_start,
        adherence_floor=adherence_floor,
        adherence_days=rng.uniform(40, 120),
        sessions_per_week=sessions,
        training_days=training_days,
        preferred_hour=preferred_hour,
        logs_rpe=rng.random() < (0.35 if experience == "beginner" else 0.65),
        logs_warmups=rng.random() < 0.75,
        planner=rng.random() < 0.35,
        start_weight_kg=start_weight,
        weight_change_kg=weight_change,
        weigh_in_days=weighs_in,
        smart_scale=rng.random() < 0.3,
        resting_hr=(int(rng.gauss(58 if goal == "endurance" else 66, 6)) if rng.random() < 0.35 else None),
        body_fat_pct=min(45.0, max(6.0, rng.gauss(fat_mean, 3))),
        strength_level=level_factor * rng.lognormvariate(0, 0.12) * (0.62 if female else 1.0),
        endurance_level=level_factor ** 0.5 * rng.lognormvariate(0, 0.06) * (0.9 if female else 1.0),
        talent=rng.lognormvariate(0, 0.25),
        sociability=rng.lognormvariate(0, 0.7),
        # Drawn last, so everything drawn before it is what it was before the setting existed.
        is_discoverable=rng.random() < DISCOVERABLE_SHARE,
        # Real logs average between four and five working sets per exercise.
        extra_sets=rng.choices((0, 1, 2), weights=(0.3, 0.4, 0.3))[0],
        one_off_chance=rng.uniform(0.25, 0.7),
        deloads=experience != "beginner" and rng.random() < 0.4,
        # Last, as is_discoverable: added later, and drawing it changes nothing drawn before.
        is_verified=rng.random() < VERIFIED_SHARE,
    )


# ---- friendships -----------------------------------------------------------------------------


class Community:
    """Who has been generated so far, by community, for choosing friends among earlier people."""

    def __init__(self) -> None:
        self.members: dict[int, list[int]] = {}
        self.joined: list[datetime] = []
        self.verified: list[bool] = []

    def add(self, person: Person) -> None:
        assert person.index == len(self.joined), "people are added in index order"
        self.members.setdefault(person.community, []).append(person.index)
        self.joined.append(person.joined_at)
        self.verified.append(person.is_verified)


def make_friendships(seed: int, person: Person, community: Community, window: Window) -> list[FriendshipRecord]:
    """Friendships between `person` and people generated before them (so both rows exist when
    the friendship is written). Most are inside the person's community; a few reach outside."""
    if person.index == 0:
        return []
    rng = person_rng(seed, person.index, FRIENDS)
    wanted = min(12, int(rng.expovariate(1 / (2.2 * person.sociability))))
    same_club = community.members.get(person.community, []) if person.community != NO_COMMUNITY else []
    chosen: list[int] = []
    for _ in range(wanted * 3):  # a few tries: candidates may repeat
        if len(chosen) >= wanted:
            break
        if same_club and rng.random() < 0.85:
            other = rng.choice(same_club)
        else:
            other = rng.randrange(person.index)
        if other not in chosen:
            chosen.append(other)
    friendships = []
    for other in chosen:
        both_here = max(person.joined_at, community.joined[other])
        created = both_here + timedelta(hours=rng.expovariate(1 / 240) + 0.2)
        created = created.replace(microsecond=0)
        if created >= window.now:
            continue
        status = pick(rng, {FriendshipStatus.accepted: 0.8, FriendshipStatus.pending: 0.11, FriendshipStatus.declined: 0.09})
        responded = None
        if status != FriendshipStatus.pending:
            responded = (created + timedelta(minutes=rng.expovariate(1 / 600) + 2)).replace(microsecond=0)
            if responded >= window.now:
                status, responded = FriendshipStatus.pending, None
        requester, addressee = (person.index, other) if rng.random() < 0.5 else (other, person.index)
        friendships.append(FriendshipRecord(requester, addressee, status.value, created, responded))
    return friendships

