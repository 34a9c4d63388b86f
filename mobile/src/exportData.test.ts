import { describe, expect, it } from "vitest";
import { fileNameOf } from "./exportData";

describe("the downloaded file's name", () => {
  it("is the one the API gives", () => {
    expect(fileNameOf('attachment; filename="pulse-ana-2026-05-01.csv"', "x.csv")).toBe("pulse-ana-2026-05-01.csv");
    expect(fileNameOf("attachment; filename=pulse.json", "x.json")).toBe("pulse.json");
    expect(fileNameOf("attachment; filename*=UTF-8''pulse%20%C3%A9.csv", "x.csv")).toBe("pulse é.csv");
  });

  it("falls back when the API gives none", () => {
    expect(fileNameOf(null, "pulse-export.csv")).toBe("pulse-export.csv");
    expect(fileNameOf("inline", "pulse-export.json")).toBe("pulse-export.json");
  });
});
