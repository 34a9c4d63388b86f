import { describe, expect, it } from "vitest";
import { formatSeconds, RestTimer } from "./restTimer";

function fakeClock(start = 1_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe("rest timer", () => {
  it("counts down from the moment it starts", () => {
    const { clock, advance } = fakeClock();
    const timer = new RestTimer(clock);
    timer.start(90);
    expect(timer.running).toBe(true);
    expect(timer.remainingSeconds()).toBe(90);
    advance(30_500);
    expect(timer.remainingSeconds()).toBe(60); // 59.5 s left shows as 60 (rounded up)
    expect(timer.progress()).toBeCloseTo(30.5 / 90);
    advance(59_500);
    expect(timer.remainingSeconds()).toBe(0);
    expect(timer.running).toBe(false);
  });

  it("is right after a long pause in ticks (a throttled background tab)", () => {
    const { clock, advance } = fakeClock();
    const timer = new RestTimer(clock);
    timer.start(120);
    advance(10 * 60_000);
    expect(timer.remainingSeconds()).toBe(0);
    expect(timer.progress()).toBe(1);
  });

  it("adds and removes time, never below zero", () => {
    const { clock, advance } = fakeClock();
    const timer = new RestTimer(clock);
    timer.start(60);
    timer.add(30);
    expect(timer.remainingSeconds()).toBe(90);
    advance(20_000);
    timer.add(-120);
    expect(timer.remainingSeconds()).toBe(0);
  });

  it("restarts when the next set is logged, and can be skipped", () => {
    const { clock, advance } = fakeClock();
    const timer = new RestTimer(clock);
    timer.start(60);
    advance(50_000);
    timer.start(60);
    expect(timer.remainingSeconds()).toBe(60);
    timer.skip();
    expect(timer.running).toBe(false);
    expect(timer.remainingSeconds()).toBe(0);
  });

  it("refuses a rest of zero seconds", () => {
    expect(() => new RestTimer().start(0)).toThrow(RangeError);
  });

  it("formats minutes and seconds", () => {
    expect(formatSeconds(0)).toBe("0:00");
    expect(formatSeconds(95)).toBe("1:35");
  });
});
