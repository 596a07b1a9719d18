// The public API reports: for each entry point of the library, API Extractor reads the typings of
// the built package (dist/, as apps receive them) and writes what they export to
// projects/ngx-amplify-storage/api/<entry>.api.md. Those files are checked in, so every API change
// shows up as a diff in review.
//
//   node tools/api-report.mjs             builds the library, fails if the typings differ from the reports
//   node tools/api-report.mjs --update    builds the library and rewrites the reports (npm run api:update)
//   --no-build                            uses dist/ as it is (after `npx ng build ngx-amplify-storage`)
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist', 'ngx-amplify-storage');
const reportFolder = join(root, 'projects', 'ngx-amplify-storage', 'api');
/** One report per entry point: the report's name and the bundled typings ng-packagr writes. */
const ENTRY_POINTS = [
  { report: 'ngx-amplify-storage', typings: 'types/ngx-amplify-storage.d.ts' },
  { report: 'ngx-amplify-storage-kinesis', typings: 'types/ngx-amplify-storage-kinesis.d.ts' },
  { report: 'ngx-amplify-storage-testing', typings: 'types/ngx-amplify-storage-testing.d.ts' },
  { report: 'ngx-amplify-storage-forms', typings: 'types/ngx-amplify-storage-forms.d.ts' },
];
const UPDATE_COMMAND = 'npm run api:update';

const { values: options } = parseArgs({
  options: {
    update: { type: 'boolean', default: false },
    build: { type: 'boolean', default: true },
  },
  allowNegative: true,
});

if (options.build) {
  // The production build, as published: its typings are what apps compile against.
  const build = spawnSync(
    join(root, 'node_modules', '.bin', 'ng'),
    ['build', 'ngx-amplify-storage'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) {
    console.error(`${build.stdout}${build.stderr}`);
    console.error('api-report: `ng build ngx-amplify-storage` failed; fix the build first.');
    process.exit(1);
  }
}

/** API Extractor's settings for one entry point; only the API report is produced. */
function configFor({ report, typings }, tempFolder) {
  const entry = join(dist, typings);
  if (!existsSync(entry)) {
    console.error(
      `api-report: no ${entry}. Build the library first: npx ng build ngx-amplify-storage`,
    );
    process.exit(1);
  }
  return ExtractorConfig.prepare({
    configObjectFullPath: undefined,
    packageJsonFullPath: join(dist, 'package.json'),
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'preserve',
            moduleResolution: 'bundler',
            lib: ['ES2022', 'DOM'],
            types: [],
            strict: true,
            skipLibCheck: true,
            // The secondary entry points import the core by its package name: through a
            // node_modules path, so that API Extractor treats it as another package.
            paths: {
              'ngx-amplify-storage': [join(coreAsPackage, 'types', 'ngx-amplify-storage.d.ts')],
            },
            preserveSymlinks: true,
          },
          files: [entry],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: report,
        reportFolder,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // The library has no release stages (@beta, @alpha): everything exported is public.
          'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          // Shown in the report rather than on the console: a type used by a public one but not exported.
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
          // Every exported declaration has its doc line; members are left to review (see messageCallback).
          'ae-undocumented': { logLevel: 'warning', addToApiReportFile: false },
        },
        // Comments are written for readers, not for TSDoc's grammar (`{`, `>` and `@` in prose).
        tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
      },
    },
  });
}

/** Exported declarations without a doc comment, which fail the check. */
const undocumented = [];
const tempFolder = mkdtempSync(join(tmpdir(), 'api-report-'));
// Inside the workspace, so that the core's own imports (@angular/core...) resolve from node_modules.
const linkFolder = join(root, 'dist', '.api-report');
const coreAsPackage = join(linkFolder, 'node_modules', 'ngx-amplify-storage');
rmSync(linkFolder, { recursive: true, force: true });
mkdirSync(dirname(coreAsPackage), { recursive: true });
symlinkSync(dist, coreAsPackage, 'dir');
let failed = false;
try {
  for (const entryPoint of ENTRY_POINTS) {
    const result = Extractor.invoke(configFor(entryPoint, tempFolder), {
      localBuild: options.update,
      messageCallback: (message) => {
        // Only top-level declarations, which start a line of the bundled typings, must have a doc
        // line here; members include Angular's generated ɵfac and ɵcmp, which never have one.
        if (message.messageId === 'ae-undocumented') {
          message.handled = true;
          if (message.sourceFileColumn === 1)
            undocumented.push(`${entryPoint.report}: ${message.text}`);
        }
        // The report's own notices (changed, copied, created): replaced below by the diff itself.
        const id = message.messageId;
        if (id.startsWith('console-api-report') && id !== 'console-api-report-folder-missing')
          message.handled = true;
      },
    });
    const golden = join(reportFolder, `${entryPoint.report}.api.md`);
    const built = join(tempFolder, `${entryPoint.report}.api.md`);
    if (options.update) {
      console.log(`api-report: ${result.apiReportChanged ? 'updated' : 'unchanged'} ${golden}`);
    } else if (result.apiReportChanged) {
      failed = true;
      if (!existsSync(golden)) {
        console.error(`\napi-report: there is no ${golden} yet.`);
      } else {
        console.error(
          `\napi-report: the public API of ${entryPoint.report} differs from ${golden}:\n`,
        );
        spawnSync('git', ['diff', '--no-index', '--no-color', '--', golden, built], {
          stdio: 'inherit',
        });
      }
    }
    if (result.errorCount > 0) {
      failed = true;
      console.error(
        `api-report: API Extractor found ${result.errorCount} error(s) in ${entryPoint.report}.`,
      );
    }
  }
} finally {
  rmSync(tempFolder, { recursive: true, force: true });
  rmSync(linkFolder, { recursive: true, force: true });
}

if (undocumented.length > 0) {
  failed = true;
  console.error(
    `\napi-report: every export needs a one-line /** */ doc comment at its declaration:\n  ${undocumented.join('\n  ')}`,
  );
}
if (failed && !options.update) {
  console.error(
    `\nIf the change is meant, run \`${UPDATE_COMMAND}\` and commit projects/ngx-amplify-storage/api/: ` +
      'each exported name is a semver commitment, so review the diff as a change to the API.',
  );
  process.exit(1);
}
console.log(
  options.update
    ? 'api-report: reports written.'
    : 'api-report: the built typings match the API reports.',
);
