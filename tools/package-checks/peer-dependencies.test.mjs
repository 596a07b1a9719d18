// The library's package.json names exactly what its shipped code imports: a peer it never
// imports makes apps install it for nothing; an import it does not name breaks apps whose
// installer does not happen to bring the package along.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundledPackages, entryPoints, importedPackages, packageOf } from './library-imports.mjs';

const libraryDir = fileURLToPath(new URL('../../projects/ngx-amplify-storage/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(libraryDir, 'package.json'), 'utf8'));
const peers = Object.keys(manifest.peerDependencies ?? {});
const dependencies = Object.keys(manifest.dependencies ?? {});
// ng-packagr compiles with importHelpers: the built code imports tslib whenever TypeScript needs a
// helper, though no source file imports it (Angular's library template lists it for that reason).
const COMPILER_HELPERS = ['tslib'];

const entries = entryPoints(libraryDir).map((entry) => ({
  ...entry,
  packages: importedPackages(entry.entryFile, manifest.name),
}));
const imported = new Set(entries.flatMap((entry) => [...entry.packages.keys()]));

describe('the library package.json', () => {
  test('has the four entry points', () => {
    assert.deepEqual(entries.map((entry) => entry.name).sort(), [
      '',
      'forms',
      'kinesis',
      'testing',
    ]);
  });

  test('names every package its code imports', () => {
    const unnamed = [...imported].filter(
      (name) => !peers.includes(name) && !dependencies.includes(name),
    );
    const where = unnamed.map(
      (name) =>
        `${name} (imported by ${entries.flatMap((e) => e.packages.get(name) ?? []).join(', ')})`,
    );
    assert.deepEqual(
      where,
      [],
      'add these to peerDependencies (Angular, rxjs: one copy per app) or dependencies in projects/ngx-amplify-storage/package.json',
    );
  });

  test('names no package its code does not import', () => {
    const unused = [...peers, ...dependencies].filter(
      (name) => !imported.has(name) && !COMPILER_HELPERS.includes(name),
    );
    assert.deepEqual(
      unused,
      [],
      'no shipped file imports these: remove them from projects/ngx-amplify-storage/package.json',
    );
  });

  test('lists @angular/common only if the code uses it', () => {
    assert.equal(peers.includes('@angular/common'), imported.has('@angular/common'));
  });

  test('makes a peer optional when only a secondary entry point imports it', () => {
    const primary = entries.find((entry) => entry.name === '').packages;
    const secondaryOnly = peers.filter((name) => imported.has(name) && !primary.has(name));
    const required = secondaryOnly.filter(
      (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
    );
    assert.deepEqual(
      required,
      [],
      'mark these optional in peerDependenciesMeta: apps that never import their entry point need not install them',
    );
  });

  test('lists no package as both a dependency and a peer', () => {
    assert.deepEqual(
      peers.filter((name) => dependencies.includes(name)),
      [],
    );
  });

  test('admits Angular 21 and 22 for every Angular peer alike', () => {
    const ranges = peers
      .filter((name) => name.startsWith('@angular/'))
      .map((name) => [name, manifest.peerDependencies[name]]);
    assert.ok(ranges.length > 0);
    for (const [name, range] of ranges) assert.equal(range, '^21.0.0 || ^22.0.0', name);
  });
});

describe('the import walker', () => {
  test('maps deep imports to their package', () => {
    assert.equal(packageOf('@angular/cdk/testing/testbed'), '@angular/cdk');
    assert.equal(packageOf('@smithy/core/checksum'), '@smithy/core');
    assert.equal(packageOf('rxjs'), 'rxjs');
    assert.equal(packageOf('rxjs/operators'), 'rxjs');
  });

  test('follows relative imports from the entry file and skips files it never reaches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-imports-'));
    try {
      const write = (path, text) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      write('public-api.ts', "export * from './lib/a';\nexport { b } from './lib/b';\n");
      write(
        'lib/a.ts',
        "import type { X } from '@scope/types-only';\nexport const a = () => import('lazy-pkg/sub');\n",
      );
      write(
        'lib/b/index.ts',
        "import { c } from '../c';\nimport { of } from 'rxjs';\nimport { own } from 'self-name/kinesis';\nexport const b = c;\n",
      );
      write('lib/c.ts', 'export const c = 1;\n');
      write('lib/a.spec.ts', "import { TestBed } from '@angular/core/testing';\n");
      const packages = importedPackages(join(dir, 'public-api.ts'), 'self-name');
      assert.deepEqual([...packages.keys()].sort(), ['@scope/types-only', 'lazy-pkg', 'rxjs']);
      assert.deepEqual(packages.get('rxjs'), [join(dir, 'lib/b/index.ts')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads the packages a built bundle imports, lazily or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-bundle-'));
    try {
      mkdirSync(join(dir, 'fesm2022'));
      writeFileSync(
        join(dir, 'fesm2022', 'lib.mjs'),
        "import * as i0 from '@angular/core';\nconst s3 = () => import('@aws-sdk/client-s3');\nexport { x } from './chunk.mjs';\n",
      );
      writeFileSync(
        join(dir, 'fesm2022', 'lib-testing.mjs'),
        "import { Lib } from 'lib';\nimport { HarnessPredicate } from '@angular/cdk/testing';\n",
      );
      writeFileSync(join(dir, 'fesm2022', 'lib.mjs.map'), "import 'not-code';\n");
      assert.deepEqual([...bundledPackages(dir, 'lib')].sort(), [
        '@angular/cdk',
        '@angular/core',
        '@aws-sdk/client-s3',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('names the file whose relative import leads nowhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-imports-'));
    try {
      writeFileSync(join(dir, 'public-api.ts'), "export * from './missing';\n");
      assert.throws(
        () => importedPackages(join(dir, 'public-api.ts'), 'x'),
        /public-api\.ts imports \.\/missing, which resolves to no \.ts file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
