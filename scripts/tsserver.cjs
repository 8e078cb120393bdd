/**
 * A client of a real `tsserver` process over its stdin/stdout protocol (requests are JSON lines;
 * answers and events come back with a Content-Length header), as editors drive it. Used by the
 * editor-plugin test and by `scripts/language-service-latency.mjs`.
 */
"use strict";
const { spawn } = require("node:child_process");

/**
 * Starts `node <tsserver> ...args` and returns `request(command, args)`, which resolves with the
 * response's body (rejecting when tsserver answers `success: false`), and `close()`.
 * @param {{ tsserver: string, args?: string[], cwd?: string }} options
 */
function startTsserver(options) {
  const child = spawn(process.execPath, [options.tsserver, "--disableAutomaticTypingAcquisition", ...(options.args ?? [])], {
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let buffered = Buffer.alloc(0);
  let seq = 0;
  const pending = new Map();
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.on("exit", (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`tsserver exited (${code ?? signal}): ${stderr}`));
    pending.clear();
  });
  child.stdout.on("data", (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const headerEnd = buffered.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffered.subarray(0, headerEnd).toString())?.[1]);
      const start = headerEnd + 4;
      if (buffered.length < start + length) return;
      const message = JSON.parse(buffered.subarray(start, start + length).toString());
      buffered = buffered.subarray(start + length);
      const waiting = message.type === "response" ? pending.get(message.request_seq) : undefined;
      if (waiting === undefined) continue;
      pending.delete(message.request_seq);
      if (message.success) waiting.resolve(message.body);
      else waiting.reject(new Error(`tsserver ${message.command}: ${message.message}`));
    }
  });
  return {
    /** @param {string} command @param {object} [args] @returns {Promise<any>} */
    request(command, args) {
      return new Promise((resolve, reject) => {
        seq += 1;
        pending.set(seq, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`);
      });
    },
    /** Ends the process and waits for it. @returns {Promise<void>} */
    close() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      });
    },
  };
}

module.exports = { startTsserver };
