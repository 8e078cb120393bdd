import type { ChildProcess } from "node:child_process";
import { alive, tempProject, type TempProject } from "../helpers/project";

const app = (answer: string) => `import { App } from "typekiln";
export const app = new App({ title: "Dev", version: "1.0.0" });
app.get("/answer/:id", (id: number) => ({ id, answer: ${JSON.stringify(answer)} }));
`;

// The server tells its port, and its pid, on its first line.
const MAIN = `import { app } from "./app";
app.listen(0, "127.0.0.1", { gracefulShutdown: true }).then(({ port }) => console.log(\`listening port=\${port} pid=\${process.pid}\`));
`;

/** The first match of `pattern` in what `typekiln dev` printed after `from` (an offset in `log`). */
async function printed(pattern: RegExp, from: number, timeout = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const match = log.slice(from).match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`not printed within ${timeout} ms: ${pattern}\n${log.slice(from)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let log = "";
const answer = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/answer/7`)).json()) as unknown;

describe("typekiln dev", () => {
  let project: TempProject;
  let dev: ChildProcess;
  beforeAll(() => {
    project = tempProject({ "src/app.ts": app("first"), "src/main.ts": MAIN });
    dev = project.start(["dev"]);
    dev.stdout!.on("data", (chunk: Buffer) => (log += chunk));
    dev.stderr!.on("data", (chunk: Buffer) => (log += chunk));
  });
  afterAll(() => {
    if (dev.exitCode === null) dev.kill("SIGKILL");
    project.remove();
  });

  it("serves, restarts on an edit, keeps the last good server on a compile error, and leaves nothing behind on SIGTERM", async () => {
    const [, firstPort, firstPid] = await printed(/listening port=(\d+) pid=(\d+)/, 0, 120_000);
    expect(await answer(Number(firstPort))).toEqual({ id: 7, answer: "first" });
    await printed(/GET \/answer\/7 200 [\d.]+ ms/, 0);

    let mark = log.length;
    project.write("src/app.ts", app("second"));
    const [, secondPort, secondPid] = await printed(/listening port=(\d+) pid=(\d+)/, mark);
    expect(secondPid).not.toBe(firstPid);
    expect(alive(Number(firstPid))).toBe(false);
    expect(await answer(Number(secondPort))).toEqual({ id: 7, answer: "second" });

    mark = log.length;
    project.write("src/app.ts", app("third").replace("(id: number)", "(itemId: number)").replace("{ id,", "{ id: itemId,"));
    await printed(/error TS901001: TK1001: Path parameter ":id" of "\/answer\/:id" has no handler parameter named "id"/, mark);
    await printed(/the server keeps running the last good build/, mark);
    expect(await answer(Number(secondPort))).toEqual({ id: 7, answer: "second" });

    const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
    dev.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(alive(Number(secondPid))).toBe(false);
  }, 180_000);
});
