"""The accountability and community journeys: weekly targets, accountability partners, kudos and
comments from friends, and challenges among friends.

Everything here happens between the person and friends made in their own plan (earlier people,
whose rows exist), so every id is known when the person is written. Shares are of people:
about half set a weekly target (their planned sessions a week); one in twelve with a friend
pairs up as accountability partners; friends give kudos to about a fifth of the workouts they
can see and comment on a few; one in twenty people with two or more verified friends starts a
challenge over one to four weeks."""

from __future__ import annotations

from datetime import timedelta

from api.enums import FriendshipStatus, MuscleGroup, Visibility, WorkoutStatus
from synthetic.people import COMMUNITY, Community, Person, person_rng
from synthetic.records import ChallengeRecord, FriendshipRecord, PartnerRecord, SocialRecord, Window, WorkoutRecord

TARGET_SHARE = 0.5
PARTNER_SHARE = 0.08
KUDOS_SHARE = 0.2
COMMENT_SHARE = 0.04
CHALLENGE_SHARE = 0.05
COMMENTS = (
    "Strong work!", "Nice session 💪", "That volume though", "Beast mode", "Consistency pays off", "See you at the gym!",
    "How did the last set feel?", "New PR incoming", "Legs must be toast", "Great pace", "Proud of you", "Keep it up!",
)
CHALLENGES = (
    ("sessions", None, "Most sessions"), ("volume", None, "Volume month"), ("volume", MuscleGroup.LEGS.value, "Leg volume"),
    ("distance", None, "Distance challenge"),
)


def _accepted_friends(person: Person, friendships: list[FriendshipRecord]) -> list[tuple[int, FriendshipRecord]]:
    return [(f.requester if f.addressee == person.index else f.addressee, f) for f in friendships if f.status == FriendshipStatus.accepted]


def make_community(
    seed: int, person: Person, community: Community, window: Window, friendships: list[FriendshipRecord], workouts: list[WorkoutRecord]
) -> tuple[int | None, list[SocialRecord], list[PartnerRecord], list[ChallengeRecord]]:
    rng = person_rng(seed, person.index, COMMUNITY)
    target = person.sessions_per_week if rng.random() < TARGET_SHARE else None
    friends = _accepted_friends(person, friendships)
    social: list[SocialRecord] = []
    if person.workout_visibility != Visibility.private.value:
        for i, workout in enumerate(workouts):
            if workout.status != WorkoutStatus.completed.value:
                continue
            for friend, f in friends:
                if f.responded_at is None or f.responded_at > workout.completed_at:
                    continue  # not friends yet when it was shared
                for body, share in ((None, KUDOS_SHARE), ("comment", COMMENT_SHARE)):
                    if rng.random() < share:
                        at = (workout.completed_at + timedelta(minutes=rng.expovariate(1 / 240) + 1)).replace(microsecond=0)
                        if at < window.now:
                            social.append(SocialRecord(i, friend, rng.choice(COMMENTS) if body else None, at))
    partners = []
    if friends and rng.random() < PARTNER_SHARE:
        friend, f = rng.choice(friends)
        asked = (f.responded_at + timedelta(days=rng.expovariate(1 / 20))).replace(microsecond=0)
        answered = (asked + timedelta(hours=rng.expovariate(1 / 12) + 0.1)).replace(microsecond=0)
        if answered < window.now:
            partners.append(PartnerRecord(friend, asked, answered))
    challenges = []
    verified_friends = [(friend, f) for friend, f in friends if community.verified[friend]]
    if person.is_verified and len(verified_friends) >= 2 and rng.random() < CHALLENGE_SHARE:
        metric, muscle, title = rng.choice(CHALLENGES)
        latest_friendship = max(f.responded_at for _, f in verified_friends)
        created = (latest_friendship + timedelta(days=rng.expovariate(1 / 15))).replace(microsecond=0)
        if created < window.now:
            starts = created.date() + timedelta(days=rng.randint(0, 3))
            ends = starts + timedelta(days=7 * rng.randint(1, 4) - 1)
            invitees = []
            for friend, _ in rng.sample(verified_friends, min(len(verified_friends), rng.randint(2, 5))):
                status = rng.choices(("joined", "declined", "invited"), weights=(0.6, 0.15, 0.25))[0]
                answered = (created + timedelta(hours=rng.expovariate(1 / 20) + 0.2)).replace(microsecond=0)
                if status == "invited" or answered >= window.now:
                    status, answered = "invited", None
                invitees.append((friend, status, answered))
            challenges.append(ChallengeRecord(f"{title} ({starts.strftime('%b %d')})", metric, muscle, starts, ends, created, invitees))
    return target, social, partners, challenges
