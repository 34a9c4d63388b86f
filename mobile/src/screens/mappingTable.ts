// The mapping table: every exercise name of an export, its sets, the exercise it maps to and how
// sure that is, with the closest library exercises for names the library lacks. Read-only in the
// preview; after an import each name can be pointed at another exercise (PUT /imports/mappings),
// which moves the sets already imported under it.
import type { Exercise } from "../api/client";
import { h, nextId } from "../dom";
import { describeMatch } from "../imports";

export interface MappingRow {
  name: string;
  sets: number;
  exercise_id: number | null;
  exercise_name: string | null;
  in_library: boolean;
  method: string;
  confidence: number;
  suggestions: { exercise_id: number; name: string; score: number }[];
}

export interface Changing {
  /** Every exercise the person may pick (the library and their own). */
  exercises: Exercise[];
  /** Save the new mapping; resolves to the sentence to announce, or throws one. */
  change: (row: MappingRow, exercise: Exercise) => Promise<string>;
  announce: (text: string) => void;
}

const percent = (score: number) => `${Math.round(score * 100)}%`;

function suggestionsLine(row: MappingRow): HTMLElement | null {
  if (row.in_library || !row.suggestions.length) return null;
  return h("small", { class: "muted suggestions" }, `Closest: ${row.suggestions.map((s) => `${s.name} (${percent(s.score)})`).join(", ")}`);
}

/** A select of every exercise, the row's suggestions first. */
function exercisePicker(row: MappingRow, exercises: Exercise[]): HTMLSelectElement {
  const byName = [...exercises].sort((a, b) => a.name.localeCompare(b.name));
  const suggested = row.suggestions.filter((s) => exercises.some((e) => e.id === s.exercise_id));
  const picker = h(
    "select",
    { name: "exercise_id" },
    suggested.length
      ? h("optgroup", { label: "Suggested" }, suggested.map((s) => h("option", { value: String(s.exercise_id) }, `${s.name} (${percent(s.score)})`)))
      : null,
    h("optgroup", { label: "All exercises" }, byName.map((e) => h("option", { value: String(e.id) }, e.name))),
  );
  picker.value = String(suggested[0]?.exercise_id ?? row.exercise_id ?? byName[0]?.id ?? "");
  return picker;
}

function mapsToCell(row: MappingRow, changing: Changing | undefined, redraw: () => void): HTMLElement {
  const cell = h(
    "td",
    {},
    h("span", { class: "exercise" }, row.exercise_name ?? h("em", {}, "none in the library")),
    h("small", { class: "muted match" }, describeMatch(row)),
    suggestionsLine(row),
  );
  if (!changing) return cell;
  const open = h("button", { type: "button", "aria-label": `Change ${row.name}` }, "Change");
  open.addEventListener("click", () => {
    const picker = exercisePicker(row, changing.exercises);
    picker.id = nextId("map");
    const save = h("button", { type: "submit", class: "primary", "aria-label": `Save mapping for ${row.name}` }, "Save");
    const form = h(
      "form",
      { class: "remap" },
      h("label", { htmlFor: picker.id }, `Exercise for ${row.name}`),
      picker,
      h("div", { class: "row" }, save, h("button", { type: "button", onclick: redraw }, "Cancel")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const exercise = changing.exercises.find((e) => String(e.id) === picker.value);
      if (!exercise) return;
      save.disabled = true;
      try {
        const said = await changing.change(row, exercise);
        Object.assign(row, { exercise_id: exercise.id, exercise_name: exercise.name, in_library: !exercise.is_custom, method: "confirmed", confidence: 1 });
        redraw();
        changing.announce(said);
      } catch (error) {
        save.disabled = false;
        changing.announce(error instanceof Error ? error.message : String(error));
      }
    });
    open.replaceWith(form);
    picker.focus();
  });
  cell.append(open);
  return cell;
}

/** The table; with `changing`, every row gets a "Change" button. */
export function mappingTable(caption: string, rows: MappingRow[], changing?: Changing): HTMLElement {
  const body = h("tbody");
  const drawRow = (row: MappingRow): HTMLTableRowElement => {
    const tr = h("tr", {}, h("th", { scope: "row" }, row.name), h("td", { class: "num" }, row.sets.toLocaleString("en")));
    tr.append(mapsToCell(row, changing, () => tr.replaceWith(drawRow(row))));
    return tr;
  };
  body.append(...rows.map(drawRow));
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "mapping" },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name in the file"), h("th", { scope: "col" }, "Sets"), h("th", { scope: "col" }, "Maps to"))),
      body,
    ),
  );
}
