// Builds one of the bench's component pages (bench/<folder>/main.ts, in bench/lib/index.html) with the workspace's
// `bench` project: an AOT production build, as an app ships it.
import { join } from 'node:path';
import { ngBuild } from './bundle-cost.mjs';

/** Builds bench/`folder` into `outDir`; resolves to the folder with index.html, or throws with the build's errors. */
export async function buildBenchPage(folder, outDir, log = console.log) {
  const build = await ngBuild(
    [
      'bench',
      '--browser',
      `bench/${folder}/main.ts`,
      '--index',
      'bench/lib/index.html',
      '--ts-config',
      `bench/${folder}/tsconfig.json`,
    ],
    outDir,
  );
  if (!build.ok)
    throw new Error(
      `ng build of bench/${folder} failed:\n${build.log
        .split('\n')
        .filter((line) => /error/i.test(line))
        .slice(0, 10)
        .join('\n')}`,
    );
  log(`ng build bench --browser bench/${folder}/main.ts: ok in ${build.seconds.toFixed(1)} s`);
  return join(outDir, 'browser');
}
