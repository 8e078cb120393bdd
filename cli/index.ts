#!/usr/bin/env node
/**
 * The `typekiln` command. Each command runs in the project's directory, with the project's
 * TypeScript and ts-patch (see `project.ts`).
 *
 *   typekiln dev [entry]      build, serve, rebuild and restart on every change (entry: src/main.ts)
 *   typekiln build            build with every plugin; exit 1 on any error
 *   typekiln check            every diagnostic, TK codes included, nothing written; exit 1 on any error
 *   typekiln openapi [module] the app's OpenAPI document (--asyncapi: AsyncAPI) to stdout or --out
 *   typekiln new <dir>        a starter project that passes its own test
 */
import { parseArgs } from "node:util";
import { compile, report } from "./build";
import { dev } from "./dev";
import { openapi } from "./openapi";
import { CliError, loadProject } from "./project";
import { createStarter } from "./starter";

const USAGE = `usage: typekiln <command> [options]

  dev [entry] [-- args]   build in watch mode and serve entry (default src/main.ts); restart on
                          each good build, keep the last good server on errors; Ctrl-C stops both
  build                   build with the project's plugins; exit 1 on any error
  check                   report every error (typekiln's TK codes included) without writing; exit 1 on any
  openapi [module]        build, load module (default src/app.ts; it exports the app and must not
                          listen when loaded) and print its OpenAPI document
      --out <file>        write it to file instead
      --asyncapi          the AsyncAPI document instead
  new <dir>               write a starter project into dir and npm install it
      --no-install        skip npm install
      --typekiln <spec>   the typekiln dependency to write (default: the one this project uses)

  --project <file>        the tsconfig.json to use (default ./tsconfig.json)`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      project: { type: "string", short: "p" },
      out: { type: "string", short: "o" },
      asyncapi: { type: "boolean" },
      "no-install": { type: "boolean" },
      typekiln: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    console.log(USAGE);
    return command === undefined && !values.help ? 1 : 0;
  }
  const project = () => loadProject(process.cwd(), values.project);
  switch (command) {
    case "build":
    case "check": {
      only(rest, command);
      const loaded = project();
      return report(loaded, compile(loaded, command === "build"), command);
    }
    case "openapi":
      return openapi(project(), { module: rest[0] ?? "src/app.ts", out: values.out, asyncapi: values.asyncapi === true });
    case "dev":
      return dev(project(), { entry: rest[0] ?? "src/main.ts", args: rest.slice(1) });
    case "new":
      if (rest.length !== 1) throw new CliError("typekiln new takes one directory: typekiln new <dir>");
      return createStarter({ dir: rest[0]!, install: values["no-install"] !== true, typekiln: values.typekiln });
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function only(rest: readonly string[], command: string): void {
  if (rest.length > 0) throw new CliError(`typekiln ${command} takes no file arguments (it builds the project of --project)`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`typekiln: ${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
