export * from "./dist/runtime/generated";
