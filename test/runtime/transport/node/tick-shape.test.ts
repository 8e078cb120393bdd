/**
 * tick-shape.ts: the node transport holds one of node's tick objects for the life of the process,
 * so that an idle spell's memory-reducing collection cannot leave `process.nextTick` five times
 * dearer. What that buys is timing, measured by benchmarks/idle-tick.ts (PROFILE.md); here, that
 * the object kept is a real tick object, kept once, and that nothing is done on Bun or Deno.
 */
import { keepTickShape, keptTickObject, tickShapeNeeded } from "../../../../runtime/transport/node/tick-shape";

describe("keeping node's tick shape", () => {
  it("is done on Node, and not on Bun or Deno, whose nextTick is their own", () => {
    expect(tickShapeNeeded({ ...process.versions, node: "20.20.2" })).toBe(true);
    expect(tickShapeNeeded({ ...process.versions, node: "24.22.3" })).toBe(true);
    expect(tickShapeNeeded({ ...process.versions, bun: "1.4.5" })).toBe(false);
    expect(tickShapeNeeded({ ...process.versions, deno: "2.9.6" } as NodeJS.ProcessVersions)).toBe(false);
  });

  it("keeps one of the objects process.nextTick makes, and keeps the same one", async () => {
    keepTickShape();
    const kept = keptTickObject() as Record<string | symbol, unknown> | undefined;
    expect(kept).toBeDefined();
    // node's tick object: its async ids under symbol keys, then the callback and its arguments.
    expect(Object.getOwnPropertySymbols(kept).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(kept!)).toEqual(["callback", "args"]);
    expect(typeof kept!.callback).toBe("function");
    keepTickShape();
    expect(keptTickObject()).toBe(kept);
    // The async hook that found it is off again: later ticks run, and are not collected.
    const ran = await new Promise<boolean>((resolve) => process.nextTick(() => resolve(true)));
    expect(ran).toBe(true);
    expect(keptTickObject()).toBe(kept);
  });
});
