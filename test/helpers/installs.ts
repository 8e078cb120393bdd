/**
 * Packages from the npm registry in versions typekiln does not run on (TypeScript 7, another
 * TypeScript 5), installed with npm into a folder under the system's temp directory once per
 * machine and reused, for tests of what typekiln says about such installs.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The installed package's folder (`…/node_modules/<name>`). */
export const installedPackage = (name: string, version: string): string => {
  const dir = path.join(os.tmpdir(), `typekiln-test-installs-${os.userInfo().uid}`, `${name}@${version}`);
  const folder = path.join(dir, "node_modules", name);
  const installedVersion = () => {
    const manifest = path.join(folder, "package.json");
    return fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, "utf8")).version : undefined;
  };
  if (installedVersion() !== version) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
    execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `${name}@${version}`], { cwd: dir, stdio: "pipe" });
  }
  if (installedVersion() !== version) throw new Error(`npm did not install ${name}@${version} into ${dir}`);
  return folder;
};

const projects: string[] = [];

/** A temp project folder whose node_modules links each name to the folder given; `removeProjects` deletes it. */
export const projectWith = (modules: Record<string, string>, files: Record<string, string>): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-project-"));
  projects.push(dir);
  fs.mkdirSync(path.join(dir, "node_modules"));
  for (const [name, folder] of Object.entries(modules)) fs.symlinkSync(folder, path.join(dir, "node_modules", name), "dir");
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
};

/** Deletes every folder `projectWith` made (the links, never what they point to). */
export const removeProjects = (): void => {
  for (const dir of projects.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
};
