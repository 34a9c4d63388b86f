import { describe, expect, it } from "vitest";
import { convertDistance, convertWeight, formatWeight, KG_PER_LB, round3, weightStep, weightUnit } from "./units";

describe("unit conversion", () => {
  it("uses the exact pound definition", () => {
    expect(KG_PER_LB).toBe(0.45359237);
    expect(convertWeight(100, "imperial", "metric")).toBe(45.359);
    expect(convertWeight(100, "metric", "imperial")).toBe(220.462);
  });

  it("leaves a weight alone within one system", () => {
    expect(convertWeight(82.5, "metric", "metric")).toBe(82.5);
    expect(convertWeight(185, "imperial", "imperial")).toBe(185);
  });

  it("round-trips a typed weight to the API's three decimals", () => {
    for (const kg of [20, 61.25, 102.5, 250]) {
      const back = convertWeight(convertWeight(kg, "metric", "imperial"), "imperial", "metric");
      expect(Math.abs(back - kg)).toBeLessThanOrEqual(0.001);
    }
  });

  it("converts distances with the international mile", () => {
    expect(convertDistance(1, "imperial", "metric")).toBe(1.609);
    expect(convertDistance(10, "metric", "imperial")).toBe(6.214);
  });

  it("rounds without binary noise", () => {
    expect(round3(0.1 + 0.2)).toBe(0.3);
  });

  it("labels and formats per system", () => {
    expect(weightUnit("metric")).toBe("kg");
    expect(weightUnit("imperial")).toBe("lb");
    expect(formatWeight(82.5, "metric")).toBe("82.5 kg");
    expect(formatWeight(180.0004, "imperial")).toBe("180 lb");
    expect(formatWeight(null, "metric")).toBe("—");
    expect(weightStep("metric")).toBe(2.5);
    expect(weightStep("imperial")).toBe(5);
  });
});
