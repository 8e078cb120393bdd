/**
 * Readers for per-request objects the framework supplies to a handler that declares them:
 * a fresh `ResponseControl` or `BackgroundTasks` for every request.
 */
import type { SuppliedInput } from "../contract/manifest";
import { BackgroundTasks } from "../responses/background-tasks";
import { ResponseControl } from "../responses/response-control";

export const suppliedReader = (source: SuppliedInput["source"]): (() => unknown) =>
  source === "response" ? () => new ResponseControl() : () => new BackgroundTasks();
