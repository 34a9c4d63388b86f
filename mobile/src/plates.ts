// Plate calculator: which plates to load on each side of the bar for a target weight.
import type { UnitSystem } from "./units";

export const DEFAULT_PLATES: Record<UnitSystem, number[]> = {
  metric: [25, 20, 15, 10, 5, 2.5, 1.25],
  imperial: [45, 35, 25, 10, 5, 2.5],
};
export const DEFAULT_BAR: Record<UnitSystem, number> = { metric: 20, imperial: 45 };

export interface PlateLoad {
  /** Plates for ONE side, heaviest first. */
  perSide: number[];
  /** What the bar weighs when loaded that way (≤ target). */
  loaded: number;
  /** target − loaded: what the available plates cannot make up (0 when exact). */
  shortBy: number;
}

// Work in hundredths so 1.25 kg plates add up without floating-point drift.
const cents = (x: number) => Math.round(x * 100);

/**
 * Greedy from the heaviest plate: exact for the standard plate sets (each plate is at least
 * the sum needed from smaller ones). `pairs` limits how many pairs of each size there are.
 */
export function loadBar(
  target: number,
  bar: number,
  plates: number[] = [],
  pairs: Record<number, number> = {},
): PlateLoad {
  if (!(target >= 0) || !(bar >= 0)) throw new RangeError("target and bar must be non-negative numbers");
  if (target <= bar) return { perSide: [], loaded: bar, shortBy: Math.max(0, (cents(target) - cents(bar)) / 100) };
  let remaining = Math.floor((cents(target) - cents(bar)) / 2); // per side, in hundredths
  const perSide: number[] = [];
  for (const plate of [...plates].sort((a, b) => b - a)) {
    let available = pairs[plate] ?? Infinity;
    while (available > 0 && cents(plate) <= remaining) {
      perSide.push(plate);
      remaining -= cents(plate);
      available -= 1;
    }
  }
  const loaded = (cents(bar) + 2 * perSide.reduce((sum, p) => sum + cents(p), 0)) / 100;
  return { perSide, loaded, shortBy: (cents(target) - cents(loaded)) / 100 };
}
