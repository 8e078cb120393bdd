/**
 * The timed scenarios of BENCHMARKS.md (S0, cold start, lives in cold-start.ts): HTTP ones driven
 * by wrk, WebSocket ones by the native client.
 */
import path from "node:path";
import { ARTICLES_AUTHORIZATION, S6_PATH } from "../articles";
import { CHAT_MESSAGE, INVALID_ORDER_BODIES, ORDER_BODY, S2_PATH, S3_PATH } from "../contract";
import type { ScenarioGroup } from "./config";
import { postScript, rotatingPostScript, writeScript } from "./wrk-scripts";

export interface HttpScenario {
  readonly kind: "http";
  readonly id: string;
  readonly group: ScenarioGroup;
  readonly title: string;
  readonly path: string;
  readonly script?: string;
  /** Every answer is an error (S4): wrk's non-2xx count must equal its request count. */
  readonly rejects: boolean;
  /** Request headers, as wrk's `-H` lines (S6's bearer token). */
  readonly headers?: readonly string[];
}

export interface WsScenario {
  readonly kind: "ws";
  readonly id: string;
  readonly group: ScenarioGroup;
  readonly title: string;
  readonly path: string;
  readonly mode: "binary" | "text";
  /** A payload size for binary echo, the message itself for text. */
  readonly payload: string;
}

export type Scenario = HttpScenario | WsScenario;

export const buildScenarios = (scriptDir: string, groups: readonly ScenarioGroup[]): Scenario[] => {
  const all: Scenario[] = [
    { kind: "http", id: "S1", group: "S1", title: "GET /hello", path: "/hello", rejects: false },
    { kind: "http", id: "S2", group: "S2", title: "GET path + query", path: S2_PATH, rejects: false },
    {
      kind: "http",
      id: "S3",
      group: "S3",
      title: "POST /orders valid",
      path: S3_PATH,
      script: writeScript(scriptDir, "s3-order.lua", postScript(JSON.stringify(ORDER_BODY))),
      rejects: false,
    },
    {
      kind: "http",
      id: "S4",
      group: "S4",
      title: `POST /orders invalid ×${INVALID_ORDER_BODIES.length}`,
      path: S3_PATH,
      script: writeScript(
        scriptDir,
        "s4-invalid-orders.lua",
        rotatingPostScript(S3_PATH, INVALID_ORDER_BODIES.map((b) => b.body)),
      ),
      rejects: true,
    },
    {
      kind: "http",
      id: "S6",
      group: "S6",
      title: "GET /articles, bearer + SQLite",
      path: S6_PATH,
      headers: [`Authorization: ${ARTICLES_AUTHORIZATION}`],
      rejects: false,
    },
    { kind: "ws", id: "S5 20 B", group: "S5", title: "WS echo 20 B", path: "/echo", mode: "binary", payload: "20" },
    { kind: "ws", id: "S5 4 KB", group: "S5", title: "WS echo 4 KB", path: "/echo", mode: "binary", payload: "4096" },
    { kind: "ws", id: "S5b", group: "S5", title: "WS typed JSON", path: "/chat", mode: "text", payload: JSON.stringify(CHAT_MESSAGE) },
  ];
  return all.filter((s) => groups.includes(s.group));
};

export const scriptDirFor = (distDir: string): string => path.join(distDir, "wrk");
