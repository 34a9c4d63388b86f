"""The safety journey: a few people block someone, fewer report someone to the moderators, and
the moderators have answered most reports that are more than a few days old.

Shares are of people, not of pairs: a community app sees a few percent of its people block
anyone, and about one in a hundred file a report. Both go to people met before (earlier in the
population, so their rows exist), never to someone the person is friends with in the generated
data (a block ends a friendship)."""

from __future__ import annotations

from datetime import timedelta

from api.enums import ReportReason, ReportStatus
from synthetic.people import SAFETY, Community, Person, person_rng, pick
from synthetic.records import BlockRecord, FriendshipRecord, ReportRecord, Window

BLOCK_SHARE = 0.03
REPORT_SHARE = 0.012
# Most reports are of someone the reporter also blocked.
REPORT_BLOCKED_SHARE = 0.6
REASONS = {
    ReportReason.spam: 0.35, ReportReason.harassment: 0.25, ReportReason.other: 0.14, ReportReason.sexual: 0.08,
    ReportReason.hate: 0.06, ReportReason.impersonation: 0.06, ReportReason.dangerous: 0.06,
}
DETAILS = {
    ReportReason.spam: "Keeps sending links to a supplement shop",
    ReportReason.harassment: "Comments on every session I post",
    ReportReason.impersonation: "Uses a coach's name and photos",
    ReportReason.dangerous: "Tells beginners to max out every day",
}
# Moderators answer within about a day; what came in during the last days may still be open.
MEAN_HOURS_TO_DECISION = 20


def make_blocks_and_reports(
    seed: int, person: Person, community: Community, window: Window, friendships: list[FriendshipRecord]
) -> tuple[list[BlockRecord], list[ReportRecord]]:
    if person.index == 0:
        return [], []
    rng = person_rng(seed, person.index, SAFETY)
    friends = {f.requester if f.addressee == person.index else f.addressee for f in friendships}
    strangers = [other for other in {rng.randrange(person.index) for _ in range(4)} if other not in friends]
    if not strangers:
        return [], []
    blocks, reports = [], []
    if rng.random() < BLOCK_SHARE:
        other = strangers[0]
        created = (max(person.joined_at, community.joined[other]) + timedelta(days=rng.expovariate(1 / 30))).replace(microsecond=0)
        if created < window.now:
            blocks.append(BlockRecord(person.index, other, created))
    if rng.random() < REPORT_SHARE:
        other = blocks[0].blocked if blocks and rng.random() < REPORT_BLOCKED_SHARE else strangers[-1]
        created = (max(person.joined_at, community.joined[other]) + timedelta(days=rng.expovariate(1 / 30))).replace(microsecond=0)
        reason = pick(rng, REASONS)
        decided = (created + timedelta(hours=rng.expovariate(1 / MEAN_HOURS_TO_DECISION))).replace(microsecond=0)
        status = pick(rng, {ReportStatus.resolved: 0.4, ReportStatus.dismissed: 0.6})
        if decided >= window.now:
            status, decided = ReportStatus.open, None
        if created < window.now:
            reports.append(ReportRecord(person.index, other, reason.value, DETAILS.get(reason), status.value, created, decided))
    return blocks, reports
