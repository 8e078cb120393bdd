export * from "./dist/runtime/validation/generated";
