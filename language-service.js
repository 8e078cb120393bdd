// `typekiln/language-service`, the editor plugin tsconfig.json names ({ "name": "typekiln/language-service" }).
// The package has no "exports" map (see README, Cold start).
module.exports = require("./dist/transformer/language-service.js");
