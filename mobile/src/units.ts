// Units as the API uses them (docs/units.md): weights in kg or lb, distances in km or mi.
// The API converts on its side; the app converts only what it holds itself (plate maths,
// workouts recorded on the phone in one system and shown in the other).

export type UnitSystem = "metric" | "imperial";

// Exact by definition (1959 international yard and pound agreement), as in pulse/units.py.
export const KG_PER_LB = 0.45359237;
export const KM_PER_MI = 1.609344;

/** Round to the API's display precision (three decimals) without binary noise. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function weightUnit(system: UnitSystem): "kg" | "lb" {
  return system === "metric" ? "kg" : "lb";
}

export function distanceUnit(system: UnitSystem): "km" | "mi" {
  return system === "metric" ? "km" : "mi";
}

/** A weight typed or shown in `from` units, expressed in `to` units. */
export function convertWeight(value: number, from: UnitSystem, to: UnitSystem): number {
  if (from === to) return value;
  return round3(from === "metric" ? value / KG_PER_LB : value * KG_PER_LB);
}

export function convertDistance(value: number, from: UnitSystem, to: UnitSystem): number {
  if (from === to) return value;
  return round3(from === "metric" ? value / KM_PER_MI : value * KM_PER_MI);
}

/** "82.5 kg", "180 lb": at most one decimal for display, trailing zeros dropped. */
export function formatWeight(value: number | null | undefined, system: UnitSystem): string {
  if (value === null || value === undefined) return "—";
  return `${Number(value.toFixed(1))} ${weightUnit(system)}`;
}

/** How much one tap of the weight stepper adds: 2.5 kg or 5 lb (the smallest plate pair). */
export function weightStep(system: UnitSystem): number {
  return system === "metric" ? 2.5 : 5;
}
