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
  /** Static children by segment, and the same as two lists, read in place while there are few (`childAt`). */
  readonly statics: Map<string, Node<T>>;
  readonly staticSegments: string[];
  readonly staticNodes: Node<T>[];
  param: Node<T> | undefined;
  /** Set on the node of the segment before a trailing `*`. */
  wildcard: T | undefined;
  value: T | undefined;
}

const nodeOf = <T>(): Node<T> => ({ statics: new Map(), staticSegments: [], staticNodes: [], param: undefined, wildcard: undefined, value: undefined });

/** Up to this many static children are found by comparing in place, past it by a map lookup of the segment. */
const SCANNED = 8;

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
        if (next === undefined) {
          node.statics.set(part, (next = nodeOf<T>()));
          node.staticSegments.push(part);
          node.staticNodes.push(next);
        }
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
    const params: string[] = [];
    const value = walk(this.#root, path, 0, params);
    return value === undefined ? undefined : { value, params: params.length === 0 ? NO_PARAMS : params };
  }
}

/**
 * Matches the segments of `path` from the one starting at `start` (the segments of `path.split("/")`,
 * read in place: only a captured parameter is copied out). Past the last segment, `start` is
 * `path.length + 1`.
 */
function walk<T>(node: Node<T>, path: string, start: number, params: string[]): T | undefined {
  if (start > path.length) return node.value;
  let end = path.indexOf("/", start);
  if (end === -1) end = path.length;
  const next = childAt(node, path, start, end);
  if (next !== undefined) {
    const found = walk(next, path, end + 1, params);
    if (found !== undefined) return found;
  }
  if (node.param !== undefined && end > start) {
    params.push(path.slice(start, end));
    const found = walk(node.param, path, end + 1, params);
    if (found !== undefined) return found;
    params.pop();
  }
  return node.wildcard;
}

/** The static child for the segment `path[start, end)`. */
function childAt<T>(node: Node<T>, path: string, start: number, end: number): Node<T> | undefined {
  const segments = node.staticSegments;
  if (segments.length > SCANNED) return node.statics.get(path.slice(start, end));
  const length = end - start;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.length === length && path.startsWith(segment, start)) return node.staticNodes[i];
  }
  return undefined;
}
