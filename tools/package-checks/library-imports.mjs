// What the library's shipped code imports, found by walking each entry point's relative imports
// from its public-api.ts: spec files and spec helpers are never reached, so their test-only
// packages do not count.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The entry points of the library: every ng-package.json under `libraryDir`, with its entry file. */
export function entryPoints(libraryDir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'schematics')
        walk(join(folder, entry.name));
      if (entry.isFile() && entry.name === 'ng-package.json') {
        const config = JSON.parse(readFileSync(join(folder, entry.name), 'utf8'));
        const entryFile = join(folder, config.lib?.entryFile ?? 'src/public-api.ts');
        found.push({ name: relative(libraryDir, folder).replaceAll('\\', '/'), entryFile });
      }
    }
  };
  walk(libraryDir);
  return found;
}

function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidate = [`${base}.ts`, join(base, 'index.ts'), base].find(
    (path) => existsSync(path) && path.endsWith('.ts'),
  );
  if (candidate === undefined)
    throw new Error(`${fromFile} imports ${specifier}, which resolves to no .ts file.`);
  return candidate;
}

/**
 * The packages one entry point's code imports (static, dynamic and type-only imports alike: a
 * type in the published .d.ts needs its package installed too), without the library's own name.
 */
export function importedPackages(entryFile, ownName) {
  const packages = new Map(); // package → files that import it
  const seen = new Set();
  const queue = [entryFile];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) {
        queue.push(resolveRelative(file, specifier));
        continue;
      }
      const name = packageOf(specifier);
      if (name === ownName) continue;
      packages.set(name, [...(packages.get(name) ?? []), file]);
    }
  }
  return packages;
}

/** The packages a built package's bundles (fesm2022/*.mjs) import: what apps actually load. */
export function bundledPackages(packageDir, ownName) {
  const fesm = join(packageDir, 'fesm2022');
  const packages = new Set();
  for (const file of readdirSync(fesm).filter((name) => name.endsWith('.mjs'))) {
    for (const { fileName: specifier } of ts.preProcessFile(
      readFileSync(join(fesm, file), 'utf8'),
      true,
      true,
    ).importedFiles) {
      if (!specifier.startsWith('.') && packageOf(specifier) !== ownName)
        packages.add(packageOf(specifier));
    }
  }
  return packages;
}
