import { describe, expect, it } from "vitest";
import { dateRange, describeCounts, describeMatch, describePlan, describeUnit, importForm, progressOf, type ImportPreview, type ImportReport } from "./imports";

const counts = (overrides: Partial<ImportPreview["counts"]> = {}): ImportPreview["counts"] => ({
  rows_read: 1903,
  sessions_read: 86,
  sets_read: 1903,
  sessions_already_imported: 0,
  workouts_to_create: 86,
  sets_to_create: 1903,
  rows_rejected: 0,
  rest_timer_rows: 0,
  exercise_names: 22,
  exercise_names_unmatched: 1,
  sets_mapped_to_library: 1880,
  share_of_sets_mapped: 0.9879,
  ...overrides,
});

describe("the upload form", () => {
  it("carries the file under its name and only the options chosen", async () => {
    const form = importForm(new Blob(["Date,Workout Name\n"]), "strong.csv", { format: "auto", units: null, time_zone: null });
    expect([...form.keys()]).toEqual(["file", "format"]);
    expect((form.get("file") as File).name).toBe("strong.csv");
    expect(await (form.get("file") as File).text()).toBe("Date,Workout Name\n");
    const chosen = importForm(new Blob([""]), "a.csv", { format: "strong", units: "lb", time_zone: "Europe/Athens" });
    expect(Object.fromEntries([...chosen.entries()].filter(([k]) => k !== "file"))).toEqual({ format: "strong", units: "lb", time_zone: "Europe/Athens" });
  });
});

describe("what the preview says", () => {
  it("gives the file's own dates, whatever the phone's zone", () => {
    expect(dateRange("2020-12-30T23:51:52+02:00", "2021-09-06T00:21:27+03:00")).toBe("2020-12-30 to 2021-09-06");
    expect(dateRange("2024-03-04T07:30:00-05:00", "2024-03-04T18:00:00-05:00")).toBe("2024-03-04");
    expect(dateRange(null, null)).toBe("no sessions");
  });

  it("says which unit was assumed and why", () => {
    expect(describeUnit("kg", "profile")).toBe("Weights in kg, from your unit setting, since the file does not say");
    expect(describeUnit("lb", "request")).toBe("Weights in lb, as you chose");
    expect(describeUnit("kg", "file")).toBe("Weights in kg, as the file says");
    expect(describeUnit("lb", "values")).toBe("Weights in lb, as its numbers show (whole amounts in the other unit, converted)");
    expect(describeUnit("per row", "file")).toBe("Weights in the unit each row names");
  });

  it("counts rows, sessions and sets, and what confirming would do", () => {
    expect(describeCounts(counts())).toBe("1,903 rows · 86 sessions · 1,903 sets");
    expect(describePlan(counts())).toBe("86 workouts with 1,903 sets will be created.");
    expect(describePlan(counts({ workouts_to_create: 1, sets_to_create: 3, sessions_already_imported: 85, rows_rejected: 2 }))).toBe(
      "1 workout with 3 sets will be created; 85 sessions you already have will be skipped; 2 rows will be left out.",
    );
  });

  it("says how a name was matched", () => {
    const row = { exercise_id: 3, in_library: true, confidence: 1, method: "exact" };
    expect(describeMatch(row)).toBe("same name");
    expect(describeMatch({ ...row, method: "alias" })).toBe("known name");
    expect(describeMatch({ ...row, method: "fuzzy", confidence: 0.914 })).toBe("similar name, 91% sure");
    expect(describeMatch({ ...row, method: "custom", exercise_id: null, in_library: false })).toBe("new exercise of yours");
    expect(describeMatch({ ...row, method: "custom", in_library: false })).toBe("your own exercise");
    expect(describeMatch({ ...row, method: "confirmed" })).toBe("chosen by you");
  });

  it("shows progress only when the API knows it", () => {
    const report = { status: "running", progress: { rows_read: 800, rows_total: 1903 } } as ImportReport;
    expect(progressOf(report)).toEqual({ value: 800, max: 1903 });
    expect(progressOf({ ...report, progress: null })).toBeNull();
  });
});
