import fs from "node:fs";
import path from "node:path";
import { compileFiles, ROOT } from "../helpers/compile";

// tsc emits a file despite its errors (watch mode does too): the registration that failed
// carries its diagnostic, and the runtime refuses it with that, not with "add the plugin".
describe("a registration with a compile error, run anyway", () => {
  const cases = [
    ["a route", "tk1001-path-parameter-without-handler-parameter.ts", "GET /users/:id", "TK1001"],
    ["a WebSocket route", "tk1302-ws-upgrade-body.ts", "WS /live", "TK1302"],
  ] as const;

  it.each(cases)("%s fails at start-up with TK_RT_BUILD_FAILED naming the diagnostic and its place", (_what, fixture, route, code) => {
    const source = `test/fixtures/invalid/${fixture}`;
    const { outputs } = compileFiles([source]);
    const out = path.join(ROOT, "dist/fixtures/build-failure", fixture.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputs.get(source)!);
    let thrown: { code?: string; message?: string } | undefined;
    try {
      require(out);
    } catch (error) {
      thrown = error as typeof thrown;
    }
    expect(thrown?.code).toBe("TK_RT_BUILD_FAILED");
    expect(thrown?.message).toMatch(new RegExp(`^typekiln: ${route.replace(/[/]/g, "\\/")} did not build: ${code} at ${source.replace(/\./g, "\\.")}:\\d+:\\d+: `));
    expect(thrown?.message).not.toContain("plugins");
  });
});
