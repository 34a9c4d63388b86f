// The recommender, through the typed client: the next workout (Today), ranked exercises
// ("For you"), lifters who train like you, and feedback. Feedback waits in a small queue on the
// phone (kv `feedback:<user>`) until the API has it, so a dropped connection never loses it and
// never blocks the workout it came with. The API stores each (recommendation, exercise, action)
// once (201, then 200), so sending one twice is harmless.
import { api, type Schemas } from "./api/client";
import { getValue, type Draft, type DraftExercise, type ExerciseTarget, type PulseDB } from "./db";
import { convertWeight, formatWeight, type UnitSystem } from "./units";

export type NextWorkout = Schemas["NextWorkout"];
export type PlannedExercise = Schemas["PlannedExercise"];
export type ExercisesRecommendation = Schemas["ExercisesRecommendation"];
export type RecommendedExercise = Schemas["RecommendedExercise"];
export type SimilarUser = Schemas["SimilarUser"];
export type FeedbackAction = Schemas["FeedbackAction"];

export interface Feedback {
  recommendation_id: number;
  exercise_id: number;
  action: FeedbackAction;
}

// ---- reading recommendations (online only; null when there is no answer) --------------------

/** A next-workout answer is kept for a while, so visiting Today does not plan a new session each time. */
const NEXT_WORKOUT_TTL_MS = 10 * 60_000;
let nextWorkoutCache: { userId: number; at: number; plan: NextWorkout } | null = null;

export async function fetchNextWorkout(userId: number, exercises = 5): Promise<NextWorkout | null> {
  if (nextWorkoutCache?.userId === userId && Date.now() - nextWorkoutCache.at < NEXT_WORKOUT_TTL_MS) return nextWorkoutCache.plan;
  const { data } = await api
    .POST("/recommendations/next-workout", { body: { exercises, include_recovering_muscles: false } })
    .catch(() => ({ data: undefined }));
  if (!data?.exercises.length) return null;
  nextWorkoutCache = { userId, at: Date.now(), plan: data };
  return data;
}

/** Forget the planned session (it was started, or a workout was logged since). */
export function forgetNextWorkout(): void {
  nextWorkoutCache = null;
}

export type ExercisesRequest = Schemas["ExercisesRequest"];

/**
 * What "For you" asks for: `k` exercises, ranked for the routine being trained when the workout in
 * progress was started from one (its name is the session's `title`), else for no session in particular.
 */
export function forYouRequest(k: number, inProgress: Draft | null | undefined): ExercisesRequest {
  return inProgress?.routine ? { k, title: inProgress.routine.name } : { k };
}

/** Ranked exercises; throws when offline (no answer at all), null when the API refused. */
export async function fetchForYou(request: ExercisesRequest): Promise<ExercisesRecommendation | null> {
  const { data } = await api.POST("/recommendations/exercises", { body: request });
  return data ?? null;
}

export async function fetchSimilarUsers(userId: number, k = 5): Promise<SimilarUser[] | null> {
  const result = await api.GET("/similar-users/{user_id}", { params: { path: { user_id: userId }, query: { k } } }).catch(() => null);
  return result?.data?.users ?? null;
}

/** Who answered, in words for the lifter. */
export function modelLabel(model: Schemas["ModelUsed"]): string {
  if (model.source !== "model") return "Popular with lifters like you";
  return `Picked for you by ${model.name}${model.version ? ` (version ${model.version})` : ""}`;
}

// ---- rating a recommended exercise ("Good suggestion" / "Not for me") -----------------------

/** A lifter's opinion of one recommended exercise; it does not hide the exercise. */
export type Rating = Extract<FeedbackAction, "thumbs_up" | "thumbs_down">;

/**
 * What pressing a rating button does: the rating the item shows afterwards and the feedback to
 * send. Pressing the rating already given sends nothing (the API keeps feedback as events and has
 * no undo); pressing the other one changes the rating and sends it.
 */
export function rate(current: Rating | null | undefined, pressed: Rating): { rating: Rating; send: Rating | null } {
  return current === pressed ? { rating: current, send: null } : { rating: pressed, send: pressed };
}

/** The ratings given, by `itemKey`, kept on the phone so they show again on the same answer. */
export type Ratings = Record<string, Rating>;

/** The saved ratings with one changed, trimmed to the newest `keep` entries. */
export function withRating(ratings: Ratings, key: string, rating: Rating, keep = 200): Ratings {
  return Object.fromEntries([...Object.entries(ratings).filter(([k]) => k !== key), [key, rating]].slice(-keep));
}

// ---- a planned session as the workout being logged ------------------------------------------

/** "3 × 8 at 60 kg" (or "3 × 45 s"): the recommended sets of one exercise. */
export function describeTarget(t: ExerciseTarget, units: UnitSystem): string {
  const work = t.reps !== null ? `${t.sets} × ${t.reps}` : `${t.sets} × ${t.duration_s ?? 0} s`;
  return t.weight !== null ? `${work} at ${formatWeight(t.weight, units)}` : work;
}

/** The targets of one planned exercise, its weight converted from the plan's units to `units`. */
export function plannedTarget(e: PlannedExercise, from: UnitSystem, units: UnitSystem): ExerciseTarget {
  return {
    sets: e.sets,
    reps: e.reps,
    duration_s: e.duration_s,
    weight: e.suggested_weight === null ? null : convertWeight(e.suggested_weight, from, units),
  };
}

export const asUnits = (s: string): UnitSystem => (s === "imperial" ? "imperial" : "metric");

/** One planned exercise as a draft exercise with its targets, the weight in `units`. */
export function plannedToDraft(e: PlannedExercise, from: UnitSystem, units: UnitSystem): DraftExercise {
  return {
    exercise_id: e.exercise_id,
    name: e.name,
    primary_muscle: e.primary_muscle,
    rest_seconds: e.rest_seconds,
    sets: [],
    target: plannedTarget(e, from, units),
  };
}

/** The workout to log from a plan: the kept exercises (all by default) in the plan's order. */
export function planToDraft(plan: NextWorkout, start: Pick<Draft, "client_id" | "user_id" | "units" | "started_at">, keep?: Set<number>): Draft {
  const from = asUnits(plan.unit_system);
  return {
    ...start,
    name: plan.name,
    recommendation_id: plan.id,
    exercises: [...plan.exercises]
      .sort((a, b) => a.position - b.position)
      .filter((e) => !keep || keep.has(e.exercise_id))
      .map((e) => plannedToDraft(e, from, start.units)),
  };
}

/** Starting a plan accepts the exercises kept and skips the ones left out. */
export function startFeedback(plan: NextWorkout, keep?: Set<number>): Feedback[] {
  return plan.exercises.map((e) => ({
    recommendation_id: plan.id,
    exercise_id: e.exercise_id,
    action: !keep || keep.has(e.exercise_id) ? "accepted" : "skipped",
  }));
}

// ---- the feedback queue ---------------------------------------------------------------------

/** stored: 200/201; retry: offline, 401, 408, 429, 5xx; drop: any other 4xx (it will never be accepted). */
export type FeedbackResult = "stored" | "retry" | "drop";
export type FeedbackSender = (f: Feedback) => Promise<FeedbackResult>;

/** What an answer to POST /recommendations/{id}/feedback means for the queue (null: no answer). */
export function feedbackResult(status: number | null): FeedbackResult {
  if (status === 200 || status === 201) return "stored";
  if (status === null || status === 401 || status === 408 || status === 429 || status >= 500) return "retry";
  return "drop"; // 404 (not yours, or gone), 422: sending it again changes nothing
}

export const sendFeedback: FeedbackSender = async (f) => {
  const result = await api
    .POST("/recommendations/{recommendation_id}/feedback", {
      params: { path: { recommendation_id: f.recommendation_id } },
      body: { exercise_id: f.exercise_id, action: f.action },
    })
    .catch(() => null); // no answer: offline
  return feedbackResult(result ? result.response.status : null);
};

const queueKey = (userId: number) => `feedback:${userId}`;
const same = (a: Feedback) => (b: Feedback) => a.recommendation_id === b.recommendation_id && a.exercise_id === b.exercise_id && a.action === b.action;

export async function queuedFeedback(db: PulseDB, userId: number): Promise<Feedback[]> {
  return (await getValue<Feedback[]>(db, queueKey(userId))) ?? [];
}

async function updateQueue(db: PulseDB, userId: number, change: (items: Feedback[]) => Feedback[]): Promise<void> {
  const tx = db.transaction("kv", "readwrite");
  const items = ((await tx.store.get(queueKey(userId))) as Feedback[] | undefined) ?? [];
  await Promise.all([tx.store.put(change(items), queueKey(userId)), tx.done]);
}

/** The flush running for each database and person: a second call joins it. */
const flushing = new Map<string, Promise<FeedbackResult[]>>();

/**
 * Send this person's queued feedback, oldest first; what the API confirmed (or will never take)
 * leaves the queue, the rest stays. Stops at the first "retry": the others would fail the same way.
 */
export function flushFeedback(db: PulseDB, userId: number, send: FeedbackSender = sendFeedback): Promise<FeedbackResult[]> {
  const key = `${db.name}:${userId}`;
  const running = flushing.get(key);
  if (running) return running;
  const run = (async () => {
    const results: FeedbackResult[] = [];
    for (const item of await queuedFeedback(db, userId)) {
      const result = await send(item).catch((): FeedbackResult => "retry");
      results.push(result);
      if (result === "retry") break;
      await updateQueue(db, userId, (items) => items.filter((x) => !same(item)(x)));
    }
    return results;
  })().finally(() => flushing.delete(key));
  flushing.set(key, run);
  return run;
}

/** Queue feedback and try to send it now. True when all of it reached the API. */
export async function giveFeedback(db: PulseDB, userId: number, feedback: Feedback[], send: FeedbackSender = sendFeedback): Promise<boolean> {
  await updateQueue(db, userId, (items) => [...items, ...feedback.filter((f) => !items.some(same(f)))]);
  await flushing.get(`${db.name}:${userId}`); // a flush already running may have read the queue before
  await flushFeedback(db, userId, send);
  const left = await queuedFeedback(db, userId);
  return !feedback.some((f) => left.some(same(f)));
}
