// The rest timer between sets. Time comes from a clock passed in (Date.now by default), and
// the remaining time is computed from the end moment, never counted down by ticks: a phone
// that throttles a background tab still shows the right time when the lifter looks again.

export type Clock = () => number;

export class RestTimer {
  private endsAt: number | null = null;
  private durationMs = 0;

  constructor(private readonly clock: Clock = Date.now) {}

  start(seconds: number): void {
    if (!(seconds > 0)) throw new RangeError("rest must be a positive number of seconds");
    this.durationMs = seconds * 1000;
    this.endsAt = this.clock() + this.durationMs;
  }

  /** Add (or with a negative number, take off) time; the rest never goes below zero. */
  add(seconds: number): void {
    if (this.endsAt === null) return;
    const now = this.clock();
    this.endsAt = Math.max(now, this.endsAt + seconds * 1000);
    this.durationMs = Math.max(0, this.durationMs + seconds * 1000);
  }

  skip(): void {
    this.endsAt = null;
  }

  get running(): boolean {
    return this.endsAt !== null && this.clock() < this.endsAt;
  }

  /** Whole seconds left, rounded up (a timer showing 0 is done). */
  remainingSeconds(): number {
    if (this.endsAt === null) return 0;
    return Math.max(0, Math.ceil((this.endsAt - this.clock()) / 1000));
  }

  /** 0..1 of the rest taken so far. */
  progress(): number {
    if (this.endsAt === null || this.durationMs === 0) return 1;
    return Math.min(1, 1 - (this.endsAt - this.clock()) / this.durationMs);
  }
}

export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
