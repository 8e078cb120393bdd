#!/usr/bin/env bash
# Smoke test of the built example apps on one JavaScript runtime (node, bun or deno).
#
# Usage: bash .ci/smoke.sh RUNTIME_BIN [node|bun|deno]
#   The kind defaults to the binary's name (…/deno → deno, …/bun → bun, anything else → node).
#   Needs the examples built: npm run build && npm run build:examples (dist/examples/serve.js).
#
# For each app it starts `dist/examples/serve.js NAME` on RUNTIME_BIN with TYPEKILN_TRANSPORT
# (default "node") and a free PORT, waits for the port, then:
#   users: POST /users/ with a valid body → 201 and the user echoed back;
#          POST /users/ with an invalid body → 422 with a `detail` list;
#   echo:  one WebSocket round trip on /echo ({"text":…} in, the same out);
# then sends SIGTERM and checks the process exits with status 0 within SMOKE_EXIT_SECONDS and
# that the port is free again. Any failure: a message, the server's log, exit 1.
#
# Environment: TYPEKILN_DIR (the built repo; default: this script's repo), TYPEKILN_TRANSPORT
# (default node; set it empty to leave it unset), SMOKE_APPS (default "users echo"),
# SMOKE_START_SECONDS (default 30), SMOKE_EXIT_SECONDS (default 5), CLIENT_NODE (the Node that
# runs the test client, default `node` on PATH; it uses the repo's `ws` package).
# How each kind runs the app: node FILE; bun FILE; deno run -A FILE (Deno 2 runs the CommonJS
# build as it is, since package.json says "type": "commonjs", and reads the repo's node_modules).

set -u

bin="${1:-}"
if [ -z "$bin" ]; then
  echo "usage: $0 RUNTIME_BIN [node|bun|deno]" >&2
  exit 2
fi
if ! command -v "$bin" >/dev/null 2>&1; then
  echo "smoke: FAIL: runtime binary '$bin' not found or not executable" >&2
  exit 1
fi
kind="${2:-}"
if [ -z "$kind" ]; then
  case "$(basename "$bin")" in
    deno*) kind=deno ;;
    bun*) kind=bun ;;
    *) kind=node ;;
  esac
fi
case "$kind" in
  node|bun|deno) ;;
  *) echo "smoke: kind must be node, bun or deno, not '$kind'" >&2; exit 2 ;;
esac

repo="${TYPEKILN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
serve="$repo/dist/examples/serve.js"
if [ ! -f "$serve" ]; then
  echo "smoke: FAIL: $serve is missing: run npm run build && npm run build:examples in $repo" >&2
  exit 1
fi
client_node="${CLIENT_NODE:-node}"
if ! command -v "$client_node" >/dev/null 2>&1; then
  [ "$kind" = node ] && client_node="$bin" || { echo "smoke: FAIL: no node to run the client" >&2; exit 1; }
fi
transport="${TYPEKILN_TRANSPORT-node}"
apps="${SMOKE_APPS:-users echo}"
start_seconds="${SMOKE_START_SECONDS:-30}"
exit_seconds="${SMOKE_EXIT_SECONDS:-5}"

work="$(mktemp -d "${TMPDIR:-/tmp}/typekiln-smoke.XXXXXX")"
server_pid=""
keep=0
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null; fi
  [ "$keep" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

# The test client, run by CLIENT_NODE: `client.js MODE PORT`, exit 0 when the check holds.
cat > "$work/client.js" <<'EOF'
"use strict";
const http = require("node:http");
const net = require("node:net");
const path = require("node:path");
const [mode, portText] = process.argv.slice(2);
const port = Number(portText);
const fail = (message) => { console.error(message); process.exit(1); };
const timer = setTimeout(() => fail(`${mode}: no answer within 10 s`), 10_000);
const done = (message) => { clearTimeout(timer); if (message) console.log(message); process.exit(0); };

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/users/",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
const parse = (text) => { try { return JSON.parse(text); } catch { return undefined; } };

const modes = {
  // A free port: bind port 0, report it, let it go.
  "free-port": () => {
    const server = net.createServer();
    server.listen(0, "0.0.0.0", () => { const { port: free } = server.address(); server.close(() => done(String(free))); });
  },
  // Is something accepting on the port? (exit 0 yes, 1 no)
  "accepting": () => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => { socket.destroy(); done(); });
    socket.on("error", () => { clearTimeout(timer); process.exit(1); });
  },
  // Is the port free: can it be bound exclusively, and does nothing answer on it?
  "port-free": () => {
    const server = net.createServer();
    server.on("error", (err) => fail(`port ${port} is still taken: ${err.code}`));
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => done(`port ${port} is free`)));
  },
  "post-valid": async () => {
    const sent = { name: "Ada Lovelace", email: "ada@example.com", age: 36 };
    const { status, text } = await post(JSON.stringify(sent));
    const body = parse(text);
    if (status !== 201) fail(`valid POST /users/: status ${status}, want 201; body: ${text.slice(0, 300)}`);
    if (body?.data?.name !== sent.name || body?.data?.email !== sent.email || typeof body?.data?.id !== "number")
      fail(`valid POST /users/: unexpected body ${text.slice(0, 300)}`);
    done(`valid POST /users/ → 201 ${text.slice(0, 120)}`);
  },
  "post-invalid": async () => {
    const { status, text } = await post(JSON.stringify({ name: "", email: "not an email", age: -1 }));
    const body = parse(text);
    if (status !== 422) fail(`invalid POST /users/: status ${status}, want 422; body: ${text.slice(0, 300)}`);
    if (!Array.isArray(body?.detail) || body.detail.length === 0) fail(`invalid POST /users/: no detail list: ${text.slice(0, 300)}`);
    done(`invalid POST /users/ → 422 with ${body.detail.length} errors (${body.detail.map((d) => d.loc?.join(".")).join(", ")})`);
  },
  "ws-echo": () => {
    let WebSocket;
    try {
      WebSocket = require(path.join(process.env.TYPEKILN_DIR, "node_modules", "ws"));
    } catch {
      WebSocket = globalThis.WebSocket;
    }
    if (WebSocket === undefined) fail("ws-echo: no WebSocket client (neither the repo's ws package nor a global WebSocket)");
    const ws = new WebSocket(`ws://127.0.0.1:${port}/echo`);
    const sent = { text: `smoke ${process.pid}` };
    ws.onerror = (event) => fail(`ws-echo: socket error: ${event?.message ?? event?.error?.message ?? "connection failed"}`);
    ws.onclose = (event) => fail(`ws-echo: closed before the echo, code ${event?.code} ${event?.reason ?? ""}`);
    ws.onopen = () => ws.send(JSON.stringify(sent));
    ws.onmessage = (event) => {
      const text = typeof event.data === "string" ? event.data : Buffer.from(event.data).toString("utf8");
      if (parse(text)?.text !== sent.text) fail(`ws-echo: sent ${JSON.stringify(sent)}, got ${text.slice(0, 300)}`);
      ws.onclose = null;
      ws.close(1000);
      done(`WebSocket /echo round trip → ${text}`);
    };
  },
};
if (!(mode in modes)) fail(`unknown mode ${mode}`);
Promise.resolve(modes[mode]()).catch((err) => fail(`${mode}: ${err?.stack ?? err}`));
EOF

client() { TYPEKILN_DIR="$repo" "$client_node" "$work/client.js" "$@"; }

passed=0
failed=0
log=""
fail() {
  echo "smoke: FAIL [$kind $app]: $*" >&2
  if [ -n "$log" ] && [ -s "$log" ]; then
    keep=1
    echo "---- last lines of the server's output (all of it is kept in $log) ----" >&2
    tail -n 40 "$log" >&2
    echo "----" >&2
  fi
  failed=$((failed + 1))
  echo "smoke: $passed passed, $failed failed"
  exit 1
}
pass() { echo "smoke: ok [$kind $app]: $*"; passed=$((passed + 1)); }

version="$("$bin" --version 2>&1 | head -n1)"
echo "smoke: runtime $bin ($kind, $version), TYPEKILN_TRANSPORT=${transport:-<unset>}, repo $repo"

for app in $apps; do
  port="$(client free-port)" || fail "could not find a free port"
  log="$work/$app.log"
  case "$kind" in
    node|bun) cmd=("$bin" "$serve" "$app") ;;
    deno) cmd=("$bin" run -A "$serve" "$app") ;;
  esac
  (
    cd "$repo" || exit 1
    if [ -n "$transport" ]; then export TYPEKILN_TRANSPORT="$transport"; else unset TYPEKILN_TRANSPORT; fi
    export PORT="$port" DENO_NO_UPDATE_CHECK=1 NO_COLOR=1
    exec "${cmd[@]}"
  ) > "$log" 2>&1 < /dev/null &
  server_pid=$!

  # Wait for the port (or for the process to die).
  deadline=$((SECONDS + start_seconds))
  until client accepting "$port"; do
    kill -0 "$server_pid" 2>/dev/null || { wait "$server_pid"; fail "the server exited (status $?) before listening on port $port"; }
    [ $SECONDS -lt $deadline ] || fail "nothing listens on port $port after ${start_seconds} s"
    sleep 0.2
  done
  pass "listening on port $port"
  if grep -q "Falling back to a NodeJS implementation" "$log"; then
    echo "smoke: note [$kind $app]: uWebSockets.js has no binary for this runtime and loaded its JS fallback"
  fi

  case "$app" in
    users)
      out="$(client post-valid "$port" 2>&1)" && pass "$out" || fail "$out"
      out="$(client post-invalid "$port" 2>&1)" && pass "$out" || fail "$out"
      ;;
    echo)
      out="$(client ws-echo "$port" 2>&1)" && pass "$out" || fail "$out"
      ;;
    *) echo "smoke: note: no checks for app '$app' beyond start and stop" ;;
  esac

  # Graceful stop: SIGTERM, exit 0 within exit_seconds, port free again.
  kill -TERM "$server_pid" 2>/dev/null || fail "could not send SIGTERM to $server_pid"
  deadline=$((SECONDS + exit_seconds))
  while kill -0 "$server_pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      kill -KILL "$server_pid" 2>/dev/null
      wait "$server_pid" 2>/dev/null
      server_pid=""
      fail "still running ${exit_seconds} s after SIGTERM (killed)"
    fi
    sleep 0.1
  done
  wait "$server_pid"
  code=$?
  server_pid=""
  [ "$code" -eq 0 ] || fail "exited with status $code after SIGTERM, want 0"
  out="$(client port-free "$port" 2>&1)" || fail "$out"
  pass "SIGTERM → exit 0, $out"
  if client accepting "$port"; then fail "something still accepts on port $port"; fi
done

echo "smoke: $kind $version: all checks passed"
echo "smoke: $passed passed, $failed failed"
