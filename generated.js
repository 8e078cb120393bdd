// `typekiln/generated`, which code compiled by earlier transformers imports. The package has no "exports" map (see README, Cold start).
module.exports = require("./dist/runtime/validation/generated.js");
