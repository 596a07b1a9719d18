// Bundle cost: production builds with `--stats-json` (the esbuild metafile), and the bytes of
// every output chunk attributed to the inputs that went into it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';

// "glue" is what no input accounts for: esbuild's import/export statements that link chunks.
export const CATEGORIES = ['library', '@aws-sdk', '@smithy', 'other', 'glue'];

/** True for the library's own files: its sources, or its built package in dist/. */
const isLibrary = (inputPath) =>
  inputPath.startsWith('projects/ngx-amplify-storage/') ||
  inputPath.startsWith('dist/ngx-amplify-storage/');

/** Which of CATEGORIES an esbuild input path belongs to. */
export function categoryOf(inputPath) {
  if (isLibrary(inputPath)) return 'library';
  if (inputPath.includes('node_modules/@aws-sdk/')) return '@aws-sdk';
  if (inputPath.includes('node_modules/@smithy/')) return '@smithy';
  return 'other';
}

/** The package (or project folder) an input path belongs to, for naming what a chunk holds. */
function packageOf(inputPath) {
  const modules = inputPath.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = inputPath.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (isLibrary(inputPath)) return 'ngx-amplify-storage';
  return inputPath.split('/').slice(0, 2).join('/');
}

/** Runs `ng build <args> --stats-json --output-path <outDir>`; resolves to { ok, seconds, log }. */
export function ngBuild(args, outDir) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join('node_modules', '@angular', 'cli', 'bin', 'ng.js'),
        'build',
        ...args,
        '--stats-json',
        '--output-path',
        outDir,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NG_CLI_ANALYTICS: 'false', FORCE_COLOR: '0' },
      },
    );
    let log = '';
    child.stdout.on('data', (data) => (log += data));
    child.stderr.on('data', (data) => (log += data));
    child.on('exit', (code) =>
      resolve({
        ok: code === 0 && existsSync(join(outDir, 'stats.json')),
        seconds: (Date.now() - started) / 1000,
        log,
      }),
    );
  });
}

/**
 * The output files a page loads when it runs code that reaches the given dynamic imports: the
 * files index.html loads, their static imports, and, through dynamic imports, every lazy chunk
 * except those whose entry point (the module a dynamic import names) matches `notLoaded`, with
 * their static imports. A chunk no loaded code imports (esbuild writes one for a dynamic import
 * that tree shaking removed, such as the SDK's `import("bowser")`) is never loaded.
 */
export function loadedFiles(stats, referenced, notLoaded) {
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file) || !stats.outputs[file]) return;
    loaded.add(file);
    for (const imported of stats.outputs[file].imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path);
      else if (imported.kind === 'dynamic-import') {
        const entry = stats.outputs[imported.path]?.entryPoint ?? '';
        if (!notLoaded.some((pattern) => pattern.test(entry))) visit(imported.path);
      }
    }
  };
  referenced.forEach(visit);
  return loaded;
}

/**
 * A file's estimated transfer size as the Angular CLI prints it (@angular/build's
 * calculateEstimatedTransferSizes): Brotli with Node's defaults (quality 11), and a file under
 * 1,024 bytes counted raw, since it would not be compressed in transit.
 */
export function transferSize(content) {
  return content.length < 1024 ? content.length : brotliCompressSync(content).length;
}

/**
 * Chunks of a build, each with its raw and estimated transfer size (transferSize, of the file on
 * disk) and those bytes split by category. The metafile gives each input's minified bytes in each
 * chunk; what the inputs do not cover (esbuild's import/export glue between chunks) is "glue".
 * Transfer bytes are split in proportion to raw bytes, an estimate: compression cannot be
 * attributed exactly.
 * Initial chunks are those index.html loads and everything they import statically. Lazy chunks
 * are `loadedByPut` unless a dynamic import whose entry matches a pattern of `notLoadedByPut` is
 * the only way to them (see loadedFiles).
 */
export function analyseBuild(outDir, notLoadedByPut = []) {
  const stats = JSON.parse(readFileSync(join(outDir, 'stats.json'), 'utf8'));
  const browserDir = join(outDir, 'browser');
  const html = readFileSync(join(browserDir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
    (match) => match[1],
  );
  const initial = loadedFiles(stats, referenced, [/^/]); // no dynamic import followed
  const byPut = loadedFiles(stats, referenced, notLoadedByPut);

  const chunks = [];
  for (const [file, output] of Object.entries(stats.outputs)) {
    const onDisk = join(browserDir, file);
    // Component styles appear in the metafile but are inlined into JS, not written.
    if (!/\.(js|css)$/.test(file) || !existsSync(onDisk)) continue;
    if (file.endsWith('.css') && !initial.has(file)) continue;
    const content = readFileSync(onDisk);
    const raw = content.length;
    const transfer = transferSize(content);
    const bytes = Object.fromEntries(CATEGORIES.map((category) => [category, 0]));
    const packages = new Map();
    for (const [inputPath, input] of Object.entries(output.inputs ?? {})) {
      bytes[categoryOf(inputPath)] += input.bytesInOutput;
      const name = packageOf(inputPath);
      packages.set(name, (packages.get(name) ?? 0) + input.bytesInOutput);
    }
    bytes.glue = Math.max(0, raw - CATEGORIES.reduce((sum, category) => sum + bytes[category], 0));
    const transferBytes = Object.fromEntries(
      CATEGORIES.map((category) => [category, raw ? (transfer * bytes[category]) / raw : 0]),
    );
    const top = [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .filter(([, size]) => size > 0)
      .map(([name]) => name);
    chunks.push({
      file,
      initial: initial.has(file),
      loadedByPut: byPut.has(file),
      raw,
      transfer,
      bytes,
      transferBytes,
      top,
      entryPoint: output.entryPoint,
    });
  }
  chunks.sort((a, b) => Number(b.initial) - Number(a.initial) || b.raw - a.raw);
  const total = (list) => {
    const sum = { count: list.length, raw: 0, transfer: 0, bytes: {}, transferBytes: {} };
    for (const category of CATEGORIES) {
      sum.bytes[category] = 0;
      sum.transferBytes[category] = 0;
    }
    for (const chunk of list) {
      sum.raw += chunk.raw;
      sum.transfer += chunk.transfer;
      for (const category of CATEGORIES) {
        sum.bytes[category] += chunk.bytes[category];
        sum.transferBytes[category] += chunk.transferBytes[category];
      }
    }
    return sum;
  };
  const libraryInputs = Object.keys(stats.inputs).filter(
    (path) => categoryOf(path) === 'library',
  ).length;
  return {
    chunks,
    initial: total(chunks.filter((chunk) => chunk.initial)),
    lazy: total(chunks.filter((chunk) => !chunk.initial)),
    lazyAfterPut: total(chunks.filter((chunk) => !chunk.initial && chunk.loadedByPut)),
    libraryInputs,
  };
}
