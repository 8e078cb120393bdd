/**
 * The route plan for handlers that shape their own response: they return `Reply<S, B>`, `Text`,
 * `Html`, `Bytes` or `Redirect` values, or declare `ResponseControl` or `BackgroundTasks`.
 * Chosen at registration from the manifest, so plain routes keep the lean plan of route-plan.ts
 * and pay nothing for any of this.
 */
import type { RouteManifest, ResponseVariant } from "./manifest";
import type { RawBody, RequestData, RoutePlan } from "./request-data";
import { compileInputs } from "./input-plan";
import { failureReply, type RouteProps } from "./route-plan";
import { JSON_HEADERS, type Reply } from "./reply";
import { statusLine } from "./status-line";
import { Bytes, Html, Redirect, Reply as StatusReply, Text } from "./responses";
import { ResponseControl } from "./response-control";
import { BackgroundTasks } from "./background-tasks";

/** Whether the manifest needs this plan rather than the plain one. */
export const isRichRoute = (manifest: RouteManifest): boolean =>
  manifest.response.special === true ||
  manifest.response.variants !== undefined ||
  manifest.inputs.some((input) => input.source === "response" || input.source === "background");

type RawValue = Text | Html | Bytes;

export function compileRichRoute(props: RouteProps): RoutePlan {
  const { label, handler, manifest, options, logger } = props;
  const inputs = compileInputs(manifest.inputs);
  const serialize = manifest.response.serialize;
  const routeStatus = options.status ?? manifest.response.status;
  const special = manifest.response.special === true;
  const variants = new Map<number, ResponseVariant>((manifest.response.variants ?? []).map((v) => [v.status, v]));
  const controlAt = manifest.inputs.find((input) => input.source === "response")?.index;
  const tasksAt = manifest.inputs.find((input) => input.source === "background")?.index;
  const fail = (err: unknown): Reply => failureReply(err, label, logger);

  const raw = (status: string, value: RawValue): Reply =>
    ({ status, headers: ["content-type", value.mediaType], body: value.content });

  const json = (status: string, value: unknown, write: ((input: unknown) => string) | undefined): Reply =>
    write === undefined ? { status, headers: [] } : { status, headers: JSON_HEADERS, body: write(value) ?? "null" };

  function variantReply(value: StatusReply): Reply {
    const variant = variants.get(value.status);
    if (variant === undefined) throw new TypeError(`${label} returned reply(${value.status}, …), a status its return type does not declare`);
    const status = statusLine(value.status);
    const body = value.body;
    const base = isRaw(body) ? raw(status, body) : json(status, body, variant.serialize);
    const names = Object.keys(value.headers);
    if (names.length === 0) return base;
    const headers = [...base.headers];
    for (const name of names) headers.push(name.toLowerCase(), String(value.headers[name]));
    return { ...base, headers };
  }

  function toReply(value: unknown, control: ResponseControl | undefined): Reply {
    let reply: Reply;
    if (special && value instanceof StatusReply) reply = variantReply(value);
    else if (special && value instanceof Redirect) reply = { status: statusLine(value.status), headers: ["location", value.location] };
    else {
      const chosen = control?.status ?? routeStatus;
      if (!(Number.isInteger(chosen) && chosen >= 100 && chosen <= 599)) throw new RangeError(`${label}: response status ${chosen} is not an HTTP status`);
      const status = statusLine(chosen);
      reply = special && isRaw(value) ? raw(status, value) : json(status, value, serialize);
    }
    if (control === undefined || control.headers.length === 0) return reply;
    return { ...reply, headers: [...reply.headers, ...control.headers] };
  }

  function run(data: RequestData, body: RawBody | undefined): Reply | Promise<Reply> {
    let args: unknown[] | Reply;
    let result: unknown;
    try {
      args = inputs.resolve(data, body);
      if (!Array.isArray(args)) return args;
      result = handler.apply(undefined, args);
    } catch (err) {
      return fail(err);
    }
    const control = controlAt === undefined ? undefined : (args[controlAt] as ResponseControl);
    const tasks = tasksAt === undefined ? undefined : (args[tasksAt] as BackgroundTasks);
    const succeed = (value: unknown): Reply => {
      let reply: Reply;
      try {
        reply = toReply(value, control);
      } catch (err) {
        return fail(err);
      }
      // Tasks start after the reply is written: the adapter writes it before the next macrotask.
      if (tasks !== undefined) BackgroundTasks.schedule(tasks, label, logger);
      return reply;
    };
    if (isThenable(result)) return Promise.resolve(result).then(succeed, fail);
    return succeed(result);
  }

  return {
    ...inputs.needs,
    bodyLimit: inputs.hasBody ? (options.bodyLimit ?? props.bodyLimit) : undefined,
    timeout: options.timeout ?? 0,
    ...(options.sendTimeout === undefined ? {} : { sendTimeout: options.sendTimeout }),
    label,
    run,
  };
}

const isRaw = (value: unknown): value is RawValue => value instanceof Text || value instanceof Html || value instanceof Bytes;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
