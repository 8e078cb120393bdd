export { default } from "./dist/transformer/index";
export * from "./dist/transformer/index";
