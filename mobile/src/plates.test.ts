import { describe, expect, it } from "vitest";
import { DEFAULT_BAR, DEFAULT_PLATES, loadBar } from "./plates";

describe("plate calculator", () => {
  it("loads 100 kg on a 20 kg bar as 25 + 15 per side", () => {
    const load = loadBar(100, DEFAULT_BAR.metric, DEFAULT_PLATES.metric);
    expect(load.perSide).toEqual([25, 15]);
    expect(load.loaded).toBe(100);
    expect(load.shortBy).toBe(0);
  });

  it("uses the small plates without floating-point drift", () => {
    const load = loadBar(62.5, 20, DEFAULT_PLATES.metric);
    expect(load.perSide).toEqual([20, 1.25]);
    expect(load.loaded).toBe(62.5);
  });

  it("loads 225 lb as two 45s per side", () => {
    expect(loadBar(225, DEFAULT_BAR.imperial, DEFAULT_PLATES.imperial).perSide).toEqual([45, 45]);
  });

  it("says how much it cannot make", () => {
    const load = loadBar(101, 20, DEFAULT_PLATES.metric);
    expect(load.loaded).toBe(100);
    expect(load.shortBy).toBe(1);
  });

  it("needs no plates at or below the bar", () => {
    expect(loadBar(20, 20, DEFAULT_PLATES.metric)).toEqual({ perSide: [], loaded: 20, shortBy: 0 });
    expect(loadBar(15, 20, DEFAULT_PLATES.metric).perSide).toEqual([]);
  });

  it("respects how many pairs of a plate there are", () => {
    const load = loadBar(170, 20, [25, 20, 10], { 25: 1 });
    expect(load.perSide).toEqual([25, 20, 20, 10]);
    expect(load.loaded).toBe(170);
  });

  it("refuses nonsense", () => {
    expect(() => loadBar(Number.NaN, 20, DEFAULT_PLATES.metric)).toThrow(RangeError);
  });
});
