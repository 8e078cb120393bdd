/**
 * One registration compiled into a `RoutePlan`: inputs resolved, handler called, result
 * answered, every failure turned into its reply. Sync handlers stay sync (no promise is made
 * for a handler that returns a value), so a plain route answers inside uWS's own callback.
 */
import type { RouteManifest } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";
import type { RawBody, RequestData, RoutePlan } from "../contract/request-data";
import { InvalidInputs, compileInputs } from "../inputs/input-plan";
import { BodyRejection, bodyTooDeep } from "../inputs/body-input";
import { HttpError } from "../errors/http-error";
import { RequestValidationError, type ValidationErrorEntry } from "../errors/request-validation-error";
import { HandlerAnswer } from "../errors/error-handlers";
import { validationReply } from "../validation/issue-json";
import { JSON_HEADERS, REPLIES, stringifyJson, type WireReply } from "../responses/reply";
import { statusLine } from "../http/status-line";
import { isShapedResponse, shapedResponse, withControl } from "../responses/shaped-response";
import type { ResponseControl } from "../responses/response-control";
import type { BackgroundTasks, TaskRunner } from "../responses/background-tasks";
import { streamingResponse } from "../responses/streaming-route";
import { formBody, resolveUploadLimits } from "../inputs/form-body";
import type { ParsedForm } from "../inputs/form-input";
import type { Logger } from "../contract/logger";
import { callWith } from "../dependencies/dependencies";
import { Invocation, type Invoke } from "../dependencies/dependency-runner";
import { answerReply } from "../responses/shaped-response";
import { ResponseValidationError, responseIssues } from "../validation/response-check";

export interface RouteProps {
  readonly label: string;
  /** The path served, with every router's prefix. */
  readonly path: string;
  readonly handler: (...args: unknown[]) => unknown;
  readonly manifest: RouteManifest;
  readonly options: RouteOptions;
  /** The app's `bodyLimit`, for routes whose options name none. */
  readonly bodyLimit: number;
  /** The app's `strictContentType` and `mediaTypeMismatch`, for routes whose options name none. */
  readonly strictContentType: boolean;
  readonly mediaTypeMismatch: 415 | 422;
  /** The app's `strict`, for routes whose options name none. */
  readonly strict?: boolean;
  readonly logger: Logger | undefined;
  /** The app's `validateResponses`: check each plain JSON result against the return type first. */
  readonly validateResponses?: boolean;
  /** Exception handlers of the route's routers and app, consulted on failure only. */
  readonly mapError?: (err: unknown) => unknown;
  /** Whether an exception handler takes `RequestValidationError` (else a 422 is written at once). */
  readonly handlesValidation?: () => boolean;
  /** The route's dependency graph around the handler, when it has one (dependency-runner.ts). */
  readonly invoke?: Invoke;
  /** The app's background task runner, for handlers that declare `BackgroundTasks`. */
  readonly tasks: TaskRunner;
}

/**
 * The one route compiler: every registration, plain or not, is decided here once — how its inputs
 * are read (JSON, form, streamed upload), how failures map (the routers' and app's exception
 * handlers, then `HttpError` or a logged 500), and how its value is answered: the generated
 * serializer, a stream, or a shaped response (`Reply<S, B>`, `Text`, `Redirect`, `ResponseControl`).
 */
export function compileRoute(props: RouteProps): RoutePlan {
  const { label, handler, manifest, options, logger, mapError, invoke } = props;
  const inputs = compileInputs(manifest.inputs, {
    media: {
      strict: options.strictContentType ?? props.strictContentType,
      refuse: (options.mediaTypeMismatch ?? props.mediaTypeMismatch) === 415,
    },
    path: props.path,
    strict: options.strict ?? props.strict,
  });
  const serialize = manifest.response.serialize;
  const routeStatus = options.status ?? manifest.response.status;
  const status = statusLine(routeStatus);
  const noContent: WireReply = { status, headers: [] };
  const fail = (err: unknown): WireReply | Promise<WireReply> => {
    if (mapError === undefined) return failureReply(err, label, logger);
    const mapped = mapError(err);
    // An `async` exception handler: its answer is awaited (a rejection is what it threw).
    return isThenable(mapped)
      ? Promise.resolve(mapped).then((answer) => failureReply(answer, label, logger), (thrown: unknown) => failureReply(thrown, label, logger))
      : failureReply(mapped, label, logger);
  };

  // Each of these is decided at build time and read off the manifest once.
  const streaming = streamingResponse({ manifest, options, status, label, logger, headers: inputs.needs.headers });
  const controlAt = manifest.inputs.find((input) => input.source === "response")?.index;
  const tasksAt = manifest.inputs.find((input) => input.source === "background")?.index;
  const shape = streaming === undefined && (isShapedResponse(manifest) || controlAt !== undefined)
    ? shapedResponse({ label, manifest, status: routeStatus })
    : undefined;

  /** The plain answer: the generated serializer's JSON, or nothing (204). */
  const unchecked = (value: unknown): WireReply =>
    // typia's stringify returns undefined for an undefined value; FastAPI sends `null` then.
    serialize === undefined ? noContent : { status, headers: JSON_HEADERS, body: serialize(value) ?? "null" };

  // The return type's validator, for one plain JSON document: while responses are checked it runs
  // before the serializer; otherwise (production) it is never called on the way to an answer, only
  // to explain a serializer that threw.
  const validate = streaming === undefined && shape === undefined && serialize !== undefined ? manifest.response.validate : undefined;
  const checked = validate === undefined || props.validateResponses !== true ? undefined : (value: unknown): WireReply => {
    const result = validate(value);
    if (!result.success) throw new ResponseValidationError(label, responseIssues(result.errors, value, true));
    return unchecked(value);
  };
  const explain = validate === undefined || checked !== undefined ? undefined : (value: unknown, err: unknown): unknown => {
    try {
      const result = validate(value);
      return result.success ? err : new ResponseValidationError(label, responseIssues(result.errors, value, false), err);
    } catch {
      return err;
    }
  };
  const serialized = checked ?? unchecked;

  function answer(value: unknown, data: RequestData, args: readonly unknown[]): WireReply | Promise<WireReply> {
    const control = controlAt === undefined ? undefined : (args[controlAt] as ResponseControl);
    let reply: WireReply | Promise<WireReply>;
    if (streaming !== undefined) {
      reply = streaming.reply(value, data);
      if (control !== undefined) reply = reply instanceof Promise ? reply.then((r) => withControl(r, control)) : withControl(reply, control);
    } else if (shape !== undefined) reply = shape(value, control);
    else reply = serialized(value);
    // Tasks start after the reply is written: the adapter writes it before the next macrotask.
    if (tasksAt !== undefined) props.tasks.schedule(args[tasksAt] as BackgroundTasks, label);
    return reply;
  }

  // A plain route answers with its serializer alone: decided here, not per request.
  const respond = streaming === undefined && shape === undefined && tasksAt === undefined ? serialized : answer;
  const succeed = (value: unknown, data: RequestData, args: readonly unknown[]): WireReply | Promise<WireReply> => {
    try {
      return respond(value, data, args);
    } catch (err) {
      return fail(explain === undefined ? err : explain(value, err));
    }
  };

  /** A 422: through the exception handlers when one takes it, else written at once. */
  const invalid = (errors: readonly ValidationErrorEntry[], body: unknown, reply?: WireReply): WireReply | Promise<WireReply> => {
    if (props.handlesValidation?.() === true) return fail(new RequestValidationError(errors, body));
    try {
      return reply ?? validationReply(errors);
    } catch (err) {
      // Echoing the failing `input` of a hostile, deeply nested body.
      if (err instanceof RangeError) return bodyTooDeep().reply;
      throw err;
    }
  };

  /** The answer of a route with dependencies; request-scoped teardowns run once it is written. */
  const succeedInvoked = (invoked: unknown, data: RequestData, args: readonly unknown[]): WireReply | Promise<WireReply> => {
    if (!(invoked instanceof Invocation)) return succeed(invoked, data, args);
    const reply = succeed(invoked.value, data, args);
    const { close } = invoked;
    if (reply instanceof Promise) return reply.then((settled) => closingAfter(settled, close));
    return closingAfter(reply, close);
  };

  function run(data: RequestData, body: RawBody | undefined, form?: ParsedForm): WireReply | Promise<WireReply> {
    let args: unknown[] | InvalidInputs | BodyRejection | WireReply;
    let result: unknown;
    try {
      args = inputs.resolve(data, body, form);
      // A dependency graph judges the failed inputs itself: its dependencies' errors may come first.
      if (invoke !== undefined && (Array.isArray(args) || args instanceof InvalidInputs)) {
        const invalidInputs = args instanceof InvalidInputs ? args : undefined;
        const resolved = invalidInputs?.args ?? (args as unknown[]);
        const invoked = invoke(resolved, invalidInputs);
        if (isThenable(invoked)) return Promise.resolve(invoked).then((value) => succeedInvoked(value, data, resolved), fail);
        return succeedInvoked(invoked, data, resolved);
      }
      if (!Array.isArray(args)) {
        if (args instanceof InvalidInputs) return invalid(args.errors, args.body);
        if (args instanceof BodyRejection) return args.errors === undefined ? args.reply : invalid(args.errors, args.text, args.reply);
        return args;
      }
      result = callWith(handler, args);
    } catch (err) {
      return fail(err);
    }
    const resolved = args;
    if (isThenable(result)) return Promise.resolve(result).then((value) => succeed(value, data, resolved), fail);
    return succeed(result, data, resolved);
  }

  const bodyLimit = options.bodyLimit ?? props.bodyLimit;
  // Forms are read while they arrive; with files, the body may be as large as the upload limits allow.
  const limits = inputs.form === undefined ? undefined : resolveUploadLimits(options.upload);
  const streamBody = inputs.form === undefined
    ? undefined
    : formBody({ limits: limits!, bodyLimit, json: inputs.form.json, fileFields: new Set(inputs.form.fileFields), run });
  return {
    ...inputs.needs,
    ...(streaming === undefined ? {} : { headers: streaming.headers, listHeaders: streaming.listHeaders(inputs.needs.listHeaders), streams: true }),
    ...(streamBody === undefined ? {} : { streamBody }),
    bodyLimit: inputs.form !== undefined
      ? (inputs.form.files ? limits!.totalSize + bodyLimit : bodyLimit)
      : inputs.hasBody ? bodyLimit : undefined,
    timeout: options.timeout ?? 0,
    ...(options.sendTimeout === undefined ? {} : { sendTimeout: options.sendTimeout }),
    label,
    run,
  };
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";

/**
 * A reply whose teardown (request-scoped generator dependencies) runs once it is written: for a
 * stream, after its last byte or when it is cancelled (FastAPI closes them after the response).
 */
function closingAfter(reply: WireReply, close: () => void): WireReply {
  const stream = reply.stream;
  if (stream === undefined) {
    close(); // scheduled after the write (DependencyScope.teardown)
    return reply;
  }
  let closed = false;
  const once = (): void => {
    if (closed) return;
    closed = true;
    close();
  };
  return {
    ...reply,
    stream: {
      ...(stream.length === undefined ? {} : { length: stream.length }),
      start(sink) {
        stream.start({
          write: (chunk) => sink.write(chunk),
          onDrain: (callback) => sink.onDrain(callback),
          end() {
            sink.end();
            once();
          },
          close() {
            sink.close();
            once();
          },
        });
      },
      cancel() {
        stream.cancel();
        once();
      },
    },
  };
}

/**
 * `HttpError` → its own answer; an exception handler's answer → its reply; a validation failure
 * no handler took → 422; anything else → a logged 500 that reveals nothing.
 */
export function failureReply(err: unknown, label: string, logger: Logger | undefined): WireReply {
  if (err instanceof HandlerAnswer) {
    try {
      return answerReply(err.value, err.manifest, label);
    } catch (answerError) {
      err = answerError; // a handler's answer that cannot be written is a server bug
    }
  }
  if (err instanceof RequestValidationError) {
    try {
      return validationReply(err.errors);
    } catch (writeError) {
      if (writeError instanceof RangeError) return bodyTooDeep().reply;
      err = writeError;
    }
  }
  if (err instanceof HttpError) {
    try {
      return httpErrorReply(err);
    } catch (stringifyError) {
      err = stringifyError; // a detail that cannot be written as JSON is a server bug
    }
  }
  logger?.error(`typekiln: ${label} failed`, err);
  return REPLIES.internal;
}

function httpErrorReply(err: HttpError): WireReply {
  const names = Object.keys(err.headers);
  const headers = names.some((n) => n.toLowerCase() === "content-type") ? [] : [...JSON_HEADERS];
  for (const name of names) headers.push(name, String(err.headers[name]));
  return { status: statusLine(err.status), headers, body: stringifyJson({ detail: err.detail }) };
}

/** A route the framework serves itself (docs): no inputs, one reply built on first use. */
export function staticPlan(label: string, build: () => WireReply, logger: Logger | undefined): RoutePlan {
  let cached: WireReply | undefined;
  return {
    label, params: 0, query: false, headers: [], listHeaders: [], cookie: false, context: false, timeout: 0,
    run: () => {
      try {
        return (cached ??= build());
      } catch (err) {
        return failureReply(err, label, logger);
      }
    },
  };
}
