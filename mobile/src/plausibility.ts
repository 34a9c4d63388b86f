// The app asks before logging a weight far above the lifter's best on an exercise, as the API
// does (api/workouts/plausibility.py: more than twice the heaviest working weight logged before).
import type { Workout } from "./api/client";
import { convertWeight, type UnitSystem } from "./units";

export const IMPLAUSIBLE_FACTOR = 2;

/** The heaviest working weight on the exercise in `units`, over the saved history and the sets
 * logged in this workout so far; null without any. */
export function bestWeight(history: Workout[], exerciseId: number, units: UnitSystem, loggedNow: (number | null)[] = []): number | null {
  let best: number | null = null;
  for (const w of history) {
    for (const e of w.exercises) {
      if (e.exercise_id !== exerciseId) continue;
      for (const s of e.sets) {
        if (s.set_type === "warmup" || !s.weight) continue;
        const weight = convertWeight(s.weight, w.units, units);
        if (best === null || weight > best) best = weight;
      }
    }
  }
  for (const weight of loggedNow) if (weight && (best === null || weight > best)) best = weight;
  return best;
}

/** The question to ask before logging `weight`, or null when it is plausible. */
export function unusualWeightQuestion(weight: number | null, best: number | null, unit: string): string | null {
  if (weight === null || best === null || weight <= IMPLAUSIBLE_FACTOR * best) return null;
  return `${weight} ${unit} is more than twice your best on this exercise (${best} ${unit}). Log it anyway?`;
}
