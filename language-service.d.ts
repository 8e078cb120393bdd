import typekilnLanguageService = require("./dist/transformer/language-service");
export = typekilnLanguageService;
