// `typekiln/generated`, which code compiled by earlier transformers imports: the runtime's `__generated`
// helpers. The package has no "exports" map (see README, Cold start).
Object.defineProperty(exports, "__esModule", { value: true });
Object.assign(exports, require("./dist/runtime/entry.js").__generated);
