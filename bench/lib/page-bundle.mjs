// The bench pages (bench/page, bench/transfers) are TypeScript bundled by esbuild, the same way for
// both, so that the figures of one page compare with the other's.
import * as esbuild from 'esbuild';

/** Bundles the page at `entryPoint` for the browser as one ES module (with esbuild `plugins`); resolves to its bytes. */
export async function bundlePage(entryPoint, plugins = []) {
  const result = await esbuild.build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Production mode for Angular: no dev-mode checks. Not minified, so that profiles stay readable.
    define: { ngDevMode: 'false' },
    tsconfigRaw: {
      compilerOptions: {
        experimentalDecorators: true,
        useDefineForClassFields: false,
        target: 'ES2022',
      },
    },
    legalComments: 'none',
    plugins,
    logLevel: 'error',
  });
  return result.outputFiles[0].contents;
}
