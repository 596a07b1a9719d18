// Builds the `ng add` schematic into the library's package: ng-packagr compiles only the Angular
// entry points, so the schematic is compiled here with tsc and its collection and schemas copied
// next to it. The Angular CLI loads schematics with require, and the package is "type": "module",
// so the sources are .cts and compile to .cjs (a nested package.json saying "commonjs" would not
// do: npm pack leaves it out). `npm run build` runs this after
// `ng build ngx-amplify-storage`, which empties dist/ngx-amplify-storage first.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'projects', 'ngx-amplify-storage', 'schematics');

/** The JSON files (collection, schemas) under `folder`, as paths relative to it. */
function jsonFiles(folder, base = folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return jsonFiles(path, base);
    return entry.name.endsWith('.json') && entry.name !== 'tsconfig.json'
      ? [relative(base, path)]
      : [];
  });
}

/** Compiles the schematics into `outDir` (default dist/ngx-amplify-storage/schematics) and copies their JSON. */
export function buildSchematics(outDir = join(root, 'dist', 'ngx-amplify-storage', 'schematics')) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(source, 'tsconfig.json'), '--outDir', outDir], {
    stdio: 'inherit',
  });
  for (const file of jsonFiles(source)) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    cpSync(join(source, file), join(outDir, file));
  }
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`schematics built into ${relative(root, buildSchematics())}`);
}
