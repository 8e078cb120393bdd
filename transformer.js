// `typekiln/transformer`, the plugin tsconfig.json names. The package has no "exports" map (see README, Cold start).
module.exports = require("./dist/transformer/index.js");
