// Today: continue or start a workout (recommended, repeat, empty), the way to "For you", and what waits to sync.
import type { App } from "../app";
import type { Workout } from "../api/client";
import type { Draft, DraftExercise } from "../db";
import { formatDate, h } from "../dom";
import { newClientId } from "../ids";
import { fetchNextWorkout, forgetNextWorkout } from "../recommendations";
import { nextWorkoutCard } from "./nextWorkout";
import { todayCards } from "./today";

export function newDraft(app: App, name: string, exercises: DraftExercise[] = []): Draft {
  return { client_id: newClientId(), user_id: app.user!.id, name, units: app.units, started_at: new Date().toISOString(), exercises };
}

/** A new workout with the same exercises as an earlier one (its sets are shown as "last time"). */
function repeatOf(app: App, w: Workout): Draft {
  return newDraft(
    app,
    w.name,
    w.exercises.map((e) => ({ exercise_id: e.exercise_id, name: e.exercise_name, primary_muscle: "", rest_seconds: e.rest_seconds ?? 90, sets: [] })),
  );
}

export async function homeScreen(app: App): Promise<HTMLElement> {
  const user = app.user!;
  const draft = await app.draft();
  const start = async (d: Draft) => {
    forgetNextWorkout(); // after this workout, the next one is planned afresh
    await app.saveDraft(d);
    app.navigate("/log");
  };

  const startSection = h("section", { class: "card", "aria-labelledby": "start-h" }, h("h2", { id: "start-h" }, "Train"));
  if (draft) {
    const sets = draft.exercises.reduce((n, e) => n + e.sets.length, 0);
    startSection.append(
      h("p", {}, `${draft.name}: ${draft.exercises.length} exercises, ${sets} sets so far.`),
      h("button", { class: "primary", onclick: () => app.navigate("/log") }, "Continue workout"),
    );
  } else {
    const suggestionSlot = h("div");
    startSection.append(
      h("button", { class: "primary", onclick: () => start(newDraft(app, "Workout " + formatDate(new Date().toISOString()))) }, "Start empty workout"),
      suggestionSlot, // below the button, so it never moves under a thumb
    );
    // The recommended session, when online and the API has one (it answers from popularity without a model).
    if (navigator.onLine) {
      void fetchNextWorkout(user.id).then((plan) => plan && suggestionSlot.replaceChildren(nextWorkoutCard(app, plan, start)));
    }
    const recent = (await app.savedHistory()).slice(0, 5);
    if (recent.length) {
      startSection.append(
        h("h3", {}, "Repeat a previous workout"),
        h(
          "ul",
          { class: "list" },
          recent.map((w) =>
            h("li", {}, h("button", { onclick: () => start(repeatOf(app, w)) }, `Repeat ${w.name}`), h("small", {}, ` ${formatDate(w.completed_at)}`)),
          ),
        ),
      );
    }
  }

  const forYou = h(
    "section",
    { class: "card", "aria-labelledby": "for-you-h" },
    h("h2", { id: "for-you-h" }, "Ideas"),
    h("p", {}, "Exercises picked for you, your routines, and lifters who train like you."),
    h(
      "div",
      { class: "row" },
      h("a", { href: "/for-you", class: "button" }, "For you"),
      h("a", { href: "/routines", class: "button" }, "Routines"),
      h("a", { href: "/compete", class: "button" }, "Challenges"),
    ),
  );
  return h("div", { class: "stack" }, h("p", { class: "greeting" }, `Hi ${user.username}`), todayCards(), startSection, forYou, await outboxSection(app));
}

/** What waits on this phone, with a way to sync now and to deal with refused uploads. */
async function outboxSection(app: App): Promise<HTMLElement> {
  const items = await app.queue.items(app.user!.id);
  const section = h("section", { class: "card", "aria-labelledby": "sync-h" }, h("h2", { id: "sync-h" }, "On this phone"));
  if (!items.length) {
    section.append(h("p", {}, "Every workout is synced."));
    return section;
  }
  const rerender = async () => section.replaceWith(await outboxSection(app));
  section.append(
    h(
      "ul",
      { class: "list" },
      items.map((item) =>
        h(
          "li",
          {},
          h("span", {}, `${item.payload.name} · ${formatDate(item.payload.completed_at)} · `, item.state === "pending" ? "waiting to sync" : "refused by the server"),
          item.last_error ? h("small", { class: "error" }, ` ${item.last_error}`) : null,
          item.state === "rejected"
            ? [
                h("button", { onclick: async () => (await app.queue.retryRejected(item.client_id), await app.sync(), rerender()) }, "Try again"),
                h("button", { onclick: async () => (await app.queue.discard(item.client_id), app.changed(), rerender()) }, `Discard ${item.payload.name}`),
              ]
            : null,
        ),
      ),
    ),
    h("button", { onclick: async () => (await app.sync(), rerender()) }, "Sync now"),
  );
  return section;
}
