/** Tests are compiled by the real transformer: ts-jest runs ts-patch's compiler with test/tsconfig.json. */
module.exports = {
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
