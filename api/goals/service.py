"""Goals and their progress, always computed from the person's own logged data."""

from datetime import UTC, date, datetime
from decimal import Decimal

from fastapi import HTTPException, status
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.enums import FitnessGoal, GoalMetric, UnitSystem, WorkoutStatus
from api.exercises.service import get_visible
from api.goals.schemas import GoalCreate, GoalOut, GoalUpdate
from api.models import User, UserGoal, UserStat, Workout, WorkoutExercise, WorkoutSet
from api.notifications.service import notify
from api.records.service import best_estimated_1rm_kg
from pulse.units import Quantity, from_si, to_si

# The unit each metric's values are in (None: a plain count).
METRIC_QUANTITY = {
    GoalMetric.body_weight: Quantity.weight,
    GoalMetric.one_rep_max: Quantity.weight,
    GoalMetric.total_distance: Quantity.distance,
    GoalMetric.workout_count: None,
}


def _to_si(value: Decimal, metric: GoalMetric, units: UnitSystem) -> Decimal:
    quantity = METRIC_QUANTITY[metric]
    return to_si(value, quantity, units) if quantity else value


def _from_si(value: Decimal | None, metric: GoalMetric, units: UnitSystem) -> float | None:
    quantity = METRIC_QUANTITY[metric]
    if value is None or quantity is None:
        return float(value) if value is not None else None
    return from_si(value, quantity, units)


def current_value(session: Session, user_id: int, goal: UserGoal, since: datetime | None) -> Decimal | None:
    """The metric's value now, in SI units."""
    if goal.metric == GoalMetric.body_weight:
        return session.scalar(
            select(UserStat.weight_kg)
            .where(UserStat.user_id == user_id, UserStat.weight_kg.is_not(None))
            .order_by(UserStat.recorded_at.desc())
            .limit(1)
        )
    if goal.metric == GoalMetric.one_rep_max:
        best = best_estimated_1rm_kg(session, user_id, goal.exercise_id)
        return Decimal(str(best)) if best is not None else None
    completed = [Workout.user_id == user_id, Workout.status == WorkoutStatus.completed]
    if since is not None:
        completed.append(Workout.completed_at >= since)
    if goal.metric == GoalMetric.workout_count:
        return Decimal(session.scalar(select(func.count()).select_from(Workout).where(*completed)))
    distance = session.scalar(
        select(func.coalesce(func.sum(WorkoutSet.distance_m), 0))
        .join(WorkoutExercise, WorkoutSet.workout_exercise_id == WorkoutExercise.id)
        .join(Workout, WorkoutExercise.workout_id == Workout.id)
        .where(*completed)
    )
    return Decimal(distance)


def _decreasing(goal: UserGoal) -> bool:
    """Body weight goals may go down (the usual) or up; the rest only go up."""
    if goal.metric != GoalMetric.body_weight:
        return False
    if goal.start_value is not None and goal.start_value != goal.target_value:
        return goal.target_value < goal.start_value
    return goal.goal_type == FitnessGoal.weight_loss


def is_met(goal: UserGoal) -> bool:
    if goal.current_value is None:
        return False
    if _decreasing(goal):
        return goal.current_value <= goal.target_value
    return goal.current_value >= goal.target_value


def progress(goal: UserGoal) -> float:
    if goal.is_achieved or is_met(goal):
        return 1.0
    if goal.current_value is None or (goal.start_value is None and _decreasing(goal)):
        return 0.0  # no starting point to measure a loss from
    start = goal.start_value or Decimal(0)
    span = goal.target_value - start
    if span == 0:
        return 0.0
    return float(min(Decimal(1), max(Decimal(0), (goal.current_value - start) / span)))


# A goal is at risk when the share of its time gone is this much ahead of the share of the way
# done (half the time gone with a quarter done: at risk).
AT_RISK_MARGIN = 0.2


def at_risk(goal: UserGoal, today: date) -> bool:
    """Progress lags the time elapsed towards the target date (or the date passed unmet)."""
    if goal.is_achieved or goal.target_date is None:
        return False
    start = goal.created_at.date()
    span = (goal.target_date - start).days
    if span <= 0 or today > goal.target_date:
        return today >= goal.target_date
    elapsed = (today - start).days / span
    return elapsed - progress(goal) > AT_RISK_MARGIN


def lock_goals(session: Session, user: User) -> None:
    """Hold the person's row (FOR NO KEY UPDATE, which inserts of their rows do not wait for) until
    the transaction ends: goal refreshes and edits of one person run one after another, and each
    counts what the ones before it committed. Without it, ten workouts finishing at once each
    counted the others as missing, and the last to commit left a count short of ten."""
    session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))


def refresh_goals(session: Session, user: User) -> None:
    """Recompute current values; mark goals achieved the first time they are met (never undone)."""
    lock_goals(session, user)
    goals = select(UserGoal).where(UserGoal.user_id == user.id).order_by(UserGoal.id).execution_options(populate_existing=True)
    for goal in session.scalars(goals):
        goal.current_value = current_value(session, user.id, goal, since=goal.created_at)
        if not goal.is_achieved and is_met(goal):
            goal.is_achieved = True
            goal.achieved_at = datetime.now(UTC)
            notify(session, user.id, "goal_achieved", f"Goal reached: {goal.title}", "Set the next one while you are on a roll.",
                   data={"goal_id": goal.id}, dedupe_key=f"goal_achieved:{goal.id}", synthetic=user.is_synthetic)
    session.flush()


def goal_out(goal: UserGoal, units: UnitSystem) -> GoalOut:
    return GoalOut(
        id=goal.id,
        title=goal.title,
        goal_type=goal.goal_type,
        metric=goal.metric,
        exercise_id=goal.exercise_id,
        exercise_name=goal.exercise.name if goal.exercise else None,
        target_value=_from_si(goal.target_value, goal.metric, units),
        start_value=_from_si(goal.start_value, goal.metric, units),
        current_value=_from_si(goal.current_value, goal.metric, units),
        progress=round(progress(goal), 4),
        at_risk=at_risk(goal, datetime.now(UTC).date()),
        target_date=goal.target_date,
        is_achieved=goal.is_achieved,
        achieved_at=goal.achieved_at,
        units=units,
        created_at=goal.created_at,
    )


def get_own(session: Session, user: User, goal_id: int) -> UserGoal:
    goal = session.get(UserGoal, goal_id)
    if goal is None or goal.user_id != user.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"goal {goal_id} not found")
    return goal


def list_goals(session: Session, user: User) -> list[UserGoal]:
    refresh_goals(session, user)
    session.commit()
    return list(session.scalars(select(UserGoal).where(UserGoal.user_id == user.id).order_by(UserGoal.id)))


def create_goal(session: Session, user: User, data: GoalCreate, units: UnitSystem) -> UserGoal:
    if data.exercise_id is not None:
        get_visible(session, user, data.exercise_id)
    goal = UserGoal(
        user_id=user.id,
        title=data.title,
        goal_type=data.goal_type,
        metric=data.metric,
        exercise_id=data.exercise_id,
        target_value=_to_si(data.target_value, data.metric, units),
        target_date=data.target_date,
        is_synthetic=user.is_synthetic,
    )
    # Counting goals start from zero at creation; level goals start from where the person is.
    if data.metric in (GoalMetric.body_weight, GoalMetric.one_rep_max):
        goal.start_value = current_value(session, user.id, goal, since=None)
    else:
        goal.start_value = Decimal(0)
    session.add(goal)
    session.flush()
    refresh_goals(session, user)
    session.commit()
    return goal


def update_goal(session: Session, user: User, goal_id: int, data: GoalUpdate, units: UnitSystem) -> UserGoal:
    lock_goals(session, user)
    goal = get_own(session, user, goal_id)
    changes = data.model_dump(exclude_unset=True)
    if "title" in changes:
        goal.title = changes["title"]
    if "target_value" in changes:
        goal.target_value = _to_si(changes["target_value"], goal.metric, units)
    if "target_date" in changes:
        goal.target_date = changes["target_date"]
    refresh_goals(session, user)
    session.commit()
    return goal


def delete_goal(session: Session, user: User, goal_id: int) -> None:
    session.delete(get_own(session, user, goal_id))
    session.commit()
