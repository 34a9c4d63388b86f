// The exercise library: searched and filtered on the phone, so it works offline too.
import type { App } from "../app";
import type { Exercise } from "../api/client";
import { enumLabel as label, field, h, select } from "../dom";
import { newDraft } from "./home";

export function matches(e: Exercise, q: string, muscle: string, equipment: string): boolean {
  const text = q.trim().toLowerCase();
  return (
    (!text || e.name.toLowerCase().includes(text) || e.description.toLowerCase().includes(text)) &&
    (!muscle || e.primary_muscle === muscle || e.secondary_muscles.includes(muscle as Exercise["primary_muscle"])) &&
    (!equipment || e.equipment === equipment)
  );
}

export async function libraryScreen(app: App): Promise<HTMLElement> {
  const all = await app.library();
  if (!all.length) return h("p", { class: "card" }, "The exercise library has not been loaded yet: connect once to download it.");
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const q = h("input", { type: "search", name: "q", placeholder: "e.g. squat" });
  const muscle = select("muscle", [["", "Any muscle"], ...uniq(all.map((e) => e.primary_muscle)).map((m): [string, string] => [m, label(m)])]);
  const equipment = select("equipment", [["", "Any equipment"], ...uniq(all.map((e) => e.equipment)).map((m): [string, string] => [m, label(m)])]);
  const results = h("ul", { class: "list", "aria-label": "Exercises" });
  const count = h("p", { class: "muted", role: "status" });

  async function add(e: Exercise) {
    const draft = (await app.draft()) ?? newDraft(app, "Workout");
    draft.exercises.push({
      exercise_id: e.id, name: e.name, primary_muscle: e.primary_muscle, rest_seconds: e.exercise_type === "STRENGTH" ? 120 : 60, sets: [],
      cardio: e.exercise_type === "CARDIO",
    });
    await app.saveDraft(draft);
    app.navigate("/log");
  }

  function update() {
    const found = all.filter((e) => matches(e, q.value, muscle.value, equipment.value));
    count.textContent = `${found.length} exercises`;
    results.replaceChildren(
      ...found.slice(0, 60).map((e) =>
        h(
          "li",
          {},
          h("span", {}, h("strong", {}, e.name), h("small", { class: "muted" }, ` ${label(e.primary_muscle)} · ${label(e.equipment)}`)),
          e.video_url ? h("a", { href: e.video_url, target: "_blank", rel: "noopener", "aria-label": `Video of ${e.name}` }, "Video") : null,
          h("button", { "aria-label": `Add ${e.name}`, onclick: () => add(e) }, "Add"),
        ),
      ),
    );
  }
  for (const control of [q, muscle, equipment]) control.addEventListener("input", update);
  update();
  return h(
    "div",
    { class: "stack" },
    h("div", { class: "card" }, field("Search exercises", q), h("div", { class: "row" }, field("Muscle", muscle), field("Equipment", equipment))),
    count,
    results,
  );
}
