/** Tests are compiled by the real transformer: ts-jest runs ts-patch's compiler with test/tsconfig.json. */
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

// ts-jest keys its cache by each file's text and its own options, not by the transformer that
// compiles it: after a transformer change an unchanged example kept its old manifest. The cache
// lives in a directory named after what decides the compiled output instead.
const compiledBy = crypto.createHash("sha256");
for (const dir of ["transformer", "runtime"]) {
  for (const file of fs.readdirSync(path.join(__dirname, dir), { recursive: true, encoding: "utf8" }).sort()) {
    if (file.endsWith(".ts")) compiledBy.update(file).update(fs.readFileSync(path.join(__dirname, dir, file)));
  }
}
compiledBy.update(fs.readFileSync(path.join(__dirname, "package-lock.json")));

module.exports = {
  cacheDirectory: path.join(os.tmpdir(), `jest-typekiln-${compiledBy.digest("hex").slice(0, 16)}`),
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", {
        compiler: "ts-patch/compiler",
        tsconfig: "<rootDir>/test/tsconfig.json",
        // Node16 module resolution is what users run; ts-jest only warns that it prefers isolatedModules,
        // which would skip the type information the transformer needs.
        diagnostics: { ignoreCodes: [151002] },
      }],
  },
  testTimeout: 60000,
  // Both cores of the CI machine: most files wait on sockets and timers, not on the CPU. Timing
  // checks live in benchmarks/, and the memory bounds count only what their own server holds.
  maxWorkers: 2,
};
