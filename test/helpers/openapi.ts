import { execFileSync } from "node:child_process";
import path from "node:path";

/** Runs the real OpenAPI 3.x schema validator on a document. */
export const validateOpenApi = (document: unknown): { valid: boolean; version: string; errors: unknown } =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, "openapi-validator.mjs")], {
      input: JSON.stringify(document),
      encoding: "utf8",
    }),
  );
