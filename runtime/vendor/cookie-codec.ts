/**
 * The `cookie` package, loaded when a route first reads or sets a cookie: most APIs never do, and
 * start-up is one of the measured bars (BENCHMARKS.md, S0).
 */
import type * as cookieModule from "cookie";
import { lazyModule } from "./lazy-module";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const cookieCodec = lazyModule(() => require("cookie") as typeof cookieModule);
