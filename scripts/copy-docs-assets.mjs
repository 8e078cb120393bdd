/**
 * Copies ReDoc's standalone bundle into dist/assets (run by `npm run build`). The `redoc` package
 * is a React library: as a dependency it installs React, mobx, core-js and styled-components
 * (about 100 MB) to serve one self-contained browser file. The package ships that file, with
 * its licence notices, and `redoc` is only a devDependency.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const redoc = dirname(require.resolve("redoc/package.json"));
const out = new URL("../dist/assets/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
copyFileSync(join(redoc, "bundles/redoc.standalone.js"), join(out, "redoc.standalone.js"));
copyFileSync(join(redoc, "bundles/redoc.standalone.js.LICENSE.txt"), join(out, "redoc.standalone.js.LICENSE.txt"));
copyFileSync(join(redoc, "LICENSE"), join(out, "redoc.LICENSE"));
