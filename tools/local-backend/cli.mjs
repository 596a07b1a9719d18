#!/usr/bin/env node
// Runs the local backend standalone:
//   node tools/local-backend/cli.mjs [--s3-port N] [--identity-port N] [--data-dir DIR]
//     [--cors-origin ORIGIN]...   (the web origins browsers may call from; default the demo's)
import { parseArgs } from 'node:util';
import { startLocalBackend } from './backend.mjs';

function port(value, name) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`--${name} must be a port number, got '${value}'`);
  return n;
}

let backend;
try {
  const { values } = parseArgs({
    options: {
      's3-port': { type: 'string' },
      'identity-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
    },
  });
  backend = await startLocalBackend({
    s3Port: port(values['s3-port'], 's3-port'),
    identityPort: port(values['identity-port'], 'identity-port'),
    dataDir: values['data-dir'],
    corsOrigins: values['cors-origin'],
  });
} catch (err) {
  console.error(`local backend: ${err.message}`);
  process.exit(1);
}

console.log(
  `local backend: S3 ${backend.s3Endpoint} (bucket ${backend.bucket}, access levels enforced; ` +
    `unchecked s3rver for tooling at ${backend.directS3Endpoint}), ` +
    `Cognito Identity ${backend.identityEndpoint} (pool ${backend.identityPoolId}, ` +
    `users ${backend.users.join(', ')}), data in ${backend.dataDir}, ` +
    `browsers allowed from ${backend.corsOrigins.join(', ')}`,
);

// `once`, so a second Ctrl-C during a slow stop falls back to Node's default and exits at once.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await backend.stop();
    process.exit(0);
  });
}
