// For you: ranked exercises from the recommender ("Add to workout" or "Skip", both sent as
// feedback; "Good suggestion" / "Not for me" rate an exercise without hiding it) and lifters who
// train like you. While a workout started from a routine is in progress, the exercises are ranked
// for that routine (its name is the request's title). Needs a connection; offline it says so.
import type { App } from "../app";
import { getValue, setValue, type DraftExercise } from "../db";
import { enumLabel, formatDate, h } from "../dom";
import {
  fetchForYou,
  fetchSimilarUsers,
  forYouRequest,
  giveFeedback,
  modelLabel,
  rate,
  withRating,
  type ExercisesRecommendation,
  type FeedbackAction,
  type Rating,
  type Ratings,
  type RecommendedExercise,
  type SimilarUser,
} from "../recommendations";
import { newDraft } from "./home";

const OFFLINE = "Offline: recommendations need a connection. Logging workouts and the exercise library still work.";

/** Items already added or skipped stay hidden while the API serves the same (cached) answer. */
const hiddenKey = (userId: number) => `for-you-hidden:${userId}`;
const itemKey = (recommendationId: number, exerciseId: number) => `${recommendationId}:${exerciseId}`;
/** Ratings given stay shown (pressed) while the API serves the same answer. */
const ratedKey = (userId: number) => `for-you-rated:${userId}`;

const RATING_BUTTONS: [Rating, string, (name: string) => string][] = [
  ["thumbs_up", "Good suggestion", (name) => `Marked ${name} as a good suggestion.`],
  ["thumbs_down", "Not for me", (name) => `Marked ${name} as not for you.`],
];

async function addToWorkout(app: App, e: RecommendedExercise): Promise<void> {
  const draft = (await app.draft()) ?? newDraft(app, "Workout " + formatDate(new Date().toISOString()));
  if (draft.exercises.some((x) => x.exercise_id === e.exercise_id)) return;
  const exercise: DraftExercise = {
    exercise_id: e.exercise_id,
    name: e.name,
    primary_muscle: e.primary_muscle,
    rest_seconds: e.exercise_type === "STRENGTH" ? 120 : 60,
    sets: [],
  };
  draft.exercises.push(exercise);
  await app.saveDraft(draft);
}

function recommendedList(app: App, rec: ExercisesRecommendation, hidden: string[], ratings: Ratings, routine?: string | null): HTMLElement {
  const userId = app.user!.id;
  const message = h("p", { role: "status" });
  const list = h("ul", { class: "list", "aria-label": "Exercises for you" });

  async function respond(e: RecommendedExercise, action: FeedbackAction, item: HTMLElement) {
    item.querySelectorAll("button").forEach((b) => (b.disabled = true));
    if (action === "accepted") await addToWorkout(app, e);
    hidden.push(itemKey(rec.id, e.exercise_id));
    await setValue(app.db, hiddenKey(userId), hidden.slice(-200));
    const sent = await giveFeedback(app.db, userId, [{ recommendation_id: rec.id, exercise_id: e.exercise_id, action }]);
    const done = action === "accepted" ? `Added ${e.name} to your workout.` : `Skipped ${e.name}.`;
    message.textContent = sent ? done : `${done} Feedback will be sent when you are back online.`;
    if (action === "accepted") item.replaceChildren(h("span", {}, h("strong", {}, e.name), h("small", { class: "muted" }, " in your workout")), h("a", { href: "/log", class: "button" }, "Open workout"));
    else item.remove();
    if (!list.children.length) list.replaceWith(h("p", {}, "Nothing left here for now: check back after your next workout."));
  }

  /** "Good suggestion" / "Not for me": a pair of toggle buttons (aria-pressed); the item stays. */
  function ratingButtons(e: RecommendedExercise): HTMLElement {
    const key = itemKey(rec.id, e.exercise_id);
    const buttons = RATING_BUTTONS.map(([rating, label]) =>
      h("button", { type: "button", "aria-label": `${label}: ${e.name}`, "aria-pressed": String(ratings[key] === rating) }, label),
    );
    RATING_BUTTONS.forEach(([pressed, , said], i) =>
      buttons[i].addEventListener("click", async () => {
        const { rating, send } = rate(ratings[key], pressed);
        RATING_BUTTONS.forEach(([r], j) => buttons[j].setAttribute("aria-pressed", String(r === rating)));
        if (!send) {
          message.textContent = said(e.name); // already given: nothing new to send
          return;
        }
        ratings = withRating(ratings, key, rating); // before any await: a second tap sees it
        await setValue(app.db, ratedKey(userId), ratings);
        const sent = await giveFeedback(app.db, userId, [{ recommendation_id: rec.id, exercise_id: e.exercise_id, action: send }]);
        message.textContent = sent ? said(e.name) : `${said(e.name)} Feedback will be sent when you are back online.`;
      }),
    );
    return h("span", { class: "rating", role: "group", "aria-label": `Rate ${e.name}` }, buttons);
  }

  for (const e of rec.items.filter((x) => !hidden.includes(itemKey(rec.id, x.exercise_id)))) {
    const item: HTMLElement = h(
      "li",
      {},
      h("span", {}, h("strong", {}, e.name), h("small", { class: "muted" }, ` ${enumLabel(e.primary_muscle)} · ${enumLabel(e.equipment)}`)),
      h("button", { class: "primary", "aria-label": `Add ${e.name} to workout`, onclick: () => respond(e, "accepted", item) }, "Add to workout"),
      h("button", { "aria-label": `Skip ${e.name}`, onclick: () => respond(e, "skipped", item) }, "Skip"),
      ratingButtons(e),
    );
    list.append(item);
  }
  return h(
    "section",
    { class: "card", "aria-labelledby": "rec-h" },
    h("h2", { id: "rec-h" }, "Exercises for you"),
    routine ? h("p", {}, `For your ${routine} workout in progress.`) : null,
    h("p", { class: "muted" }, modelLabel(rec.model)),
    message,
    list.children.length ? list : h("p", {}, "Nothing left here for now: check back after your next workout."),
  );
}

function similarList(users: SimilarUser[]): HTMLElement {
  return h(
    "section",
    { class: "card", "aria-labelledby": "similar-h" },
    h("h2", { id: "similar-h" }, "Lifters like you"),
    users.length
      ? h(
          "ul",
          { class: "list", "aria-label": "Lifters like you" },
          users.map((u) => h("li", {}, h("strong", {}, u.username), h("small", { class: "muted" }, ` ${enumLabel(u.fitness_goal)} · ${enumLabel(u.experience_level)}`))),
        )
      : h("p", {}, "No one to show yet: people appear here when they choose to be discoverable."),
  );
}

export async function forYouScreen(app: App): Promise<HTMLElement> {
  const offline = h("p", { class: "card", role: "note" }, OFFLINE);
  if (!navigator.onLine) return offline;
  const userId = app.user!.id;
  // A workout in progress from a routine: exercises ranked for that routine's session.
  const request = forYouRequest(10, await app.draft());
  let rec: ExercisesRecommendation | null;
  try {
    rec = await fetchForYou(request);
  } catch {
    return offline; // no answer at all: the connection is gone
  }
  const [similar, hidden, ratings] = await Promise.all([
    fetchSimilarUsers(userId, 5),
    getValue<string[]>(app.db, hiddenKey(userId)),
    getValue<Ratings>(app.db, ratedKey(userId)),
  ]);
  return h(
    "div",
    { class: "stack" },
    rec ? recommendedList(app, rec, hidden ?? [], ratings ?? {}, request.title) : h("p", { class: "card" }, "Recommendations are not available right now. Try again later."),
    similar ? similarList(similar) : null,
  );
}
