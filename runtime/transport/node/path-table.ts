/**
 * Matching a request path against the route table's patterns, as uWS's router does: a static
 * segment beats a `:name` segment, which beats a trailing `*`, decided segment by segment (with
 * backtracking). `:name` takes one non-empty segment; a trailing `*` takes one or more segments,
 * the last of which may be empty. Paths and captured parameters stay as received (percent-encoded).
 */

const NO_PARAMS: readonly string[] = [];

/** A pattern's value and the raw path parameters, by `:name` position. */
export interface PathMatch<T> {
  readonly value: T;
  readonly params: readonly string[];
}

interface Node<T> {
  readonly statics: Map<string, Node<T>>;
  param: Node<T> | undefined;
  /** Set on the node of the segment before a trailing `*`. */
  wildcard: T | undefined;
  value: T | undefined;
}

const nodeOf = <T>(): Node<T> => ({ statics: new Map(), param: undefined, wildcard: undefined, value: undefined });

/** Patterns of one kind (one method's routes, or the fallbacks), matched by path. */
export class PathTable<T> {
  /** Patterns without parameters or `*`: one map lookup, and the match made once. */
  readonly #exact = new Map<string, PathMatch<T>>();
  readonly #root = nodeOf<T>();
  #parametric = false;

  /** Adds `pattern` (`/users/:id`, `/files/*`); the first value added for a pattern stays. */
  add(pattern: string, value: T): void {
    const parts = pattern.split("/");
    const wildcard = parts[parts.length - 1] === "*";
    if (!wildcard && !pattern.includes("/:")) {
      if (!this.#exact.has(pattern)) this.#exact.set(pattern, { value, params: NO_PARAMS });
      return;
    }
    this.#parametric = true;
    if (wildcard) parts.pop();
    let node = this.#root;
    for (const part of parts) {
      if (part.startsWith(":")) node = node.param ??= nodeOf<T>();
      else {
        let next = node.statics.get(part);
        if (next === undefined) node.statics.set(part, (next = nodeOf<T>()));
        node = next;
      }
    }
    if (wildcard) node.wildcard ??= value;
    else node.value ??= value;
  }

  match(path: string): PathMatch<T> | undefined {
    const exact = this.#exact.get(path);
    if (exact !== undefined) return exact;
    if (!this.#parametric) return undefined;
    const segments = path.split("/");
    const params: string[] = [];
    const value = walk(this.#root, segments, 0, params);
    return value === undefined ? undefined : { value, params: params.length === 0 ? NO_PARAMS : params };
  }
}

function walk<T>(node: Node<T>, segments: readonly string[], at: number, params: string[]): T | undefined {
  if (at === segments.length) return node.value;
  const segment = segments[at];
  const next = node.statics.get(segment);
  if (next !== undefined) {
    const found = walk(next, segments, at + 1, params);
    if (found !== undefined) return found;
  }
  if (node.param !== undefined && segment !== "") {
    params.push(segment);
    const found = walk(node.param, segments, at + 1, params);
    if (found !== undefined) return found;
    params.pop();
  }
  return node.wildcard;
}
