// An esbuild plugin that fixes, while the bench bundles it, a bug of @aws-amplify/storage 6.22.1:
// in the s3data endpoint resolver (providers/s3/utils/client/s3data/base.mjs) the branch for
// `dangerouslyConnectToHttpEndpointForTesting` (http://localhost:20005) has no `else`, so the
// next line asserts that the endpoint has no '://' and every call fails with
// InvalidCustomEndpoint. The fix adds the `else`. node_modules is left as installed; the plugin
// fails the bundle when the code no longer has that shape (a fixed or changed Amplify).
import { readFile } from 'node:fs/promises';

const BROKEN =
  /(endpoint = new AmplifyUrl\(customEndpoint\);\s*\})(\s*assertValidationError\(!customEndpoint\.includes\(':\/\/'\), StorageValidationErrorCode\.InvalidCustomEndpoint\);\s*endpoint = new AmplifyUrl\(`https:\/\/\$\{customEndpoint\}`\);)/;

/** The plugin: patches the resolver of the s3data client when esbuild loads it. */
export const amplifyEndpointFix = {
  name: 'amplify-local-endpoint-fix',
  setup(build) {
    build.onLoad(
      { filter: /@aws-amplify[\\/]storage[\\/].*s3data[\\/]base\.mjs$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!BROKEN.test(source))
          throw new Error(
            `${args.path}: the local-endpoint branch no longer has the 6.22.1 shape; check whether Amplify fixed it and drop bench/peers/amplify-endpoint-fix.mjs`,
          );
        return { contents: source.replace(BROKEN, '$1 else {$2 }'), loader: 'js' };
      },
    );
  },
};
