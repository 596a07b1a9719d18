// The configuration object `ng add` writes into the app, as TypeScript source text.
import { FoundSettings } from './amplify-config.cjs';

/**
 * What goes where a setting is missing. Each one fails the library's configuration check at
 * start-up (uppercase is no valid bucket name or region), so a forgotten placeholder is reported
 * by name instead of sending requests to a bucket that does not exist.
 */
export const PLACEHOLDERS = {
  bucket: 'YOUR-BUCKET-NAME',
  region: 'BUCKET-REGION',
  identityPoolId: 'REGION:IDENTITY-POOL-ID',
} as const;

/** Where each required setting is found in the AWS console, for the comment that asks for it. */
const WHAT = {
  bucket: 'Storage.bucket (the S3 bucket name)',
  region: "Storage.region (the bucket's region, such as 'eu-west-1')",
  identityPoolId: "Auth.identityPoolId (the Cognito identity pool ID, 'region:guid'; or drop Auth and add withCredentialsProvider(...))",
} as const;

/** A TypeScript single-quoted string literal of `value`. */
export function quote(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}

/** The required settings the file did not give, in the order the comment lists them. */
export function missingSettings(settings: FoundSettings): (keyof typeof PLACEHOLDERS)[] {
  return (Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[]).filter((key) => settings[key] === undefined);
}

function entries(pairs: [string, string | undefined][]): string {
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => `${key}: ${quote(value)}`)
    .join(', ');
}

/**
 * The `{ Auth, Storage }` literal passed to provideAmplifyStorage / forRoot, with a comment that
 * names the file it came from (or says none was found) and every placeholder left to fill in.
 */
export function configLiteral(settings: FoundSettings, source: string | undefined, indent = '  '): string {
  const missing = missingSettings(settings);
  const comments = [
    source === undefined
      ? '// ng add found no aws-exports.js, aws-exports.ts, amplifyconfiguration.json or amplify_outputs.json.'
      : `// From ${source.replace(/^\//, '')} (ng add ngx-amplify-storage); when that file changes, update these values.`,
    ...(missing.length === 0 ? [] : ['// Fill in:', ...missing.map((key) => `//   ${WHAT[key]}`)]),
  ];
  const auth = entries([
    ['identityPoolId', settings.identityPoolId ?? PLACEHOLDERS.identityPoolId],
    ['region', settings.identityRegion],
    ['userPoolId', settings.userPoolId],
    ['userPoolWebClientId', settings.userPoolWebClientId],
  ]);
  const storage = entries([
    ['bucket', settings.bucket ?? PLACEHOLDERS.bucket],
    ['region', settings.region ?? PLACEHOLDERS.region],
  ]);
  const inner = `${indent}  `;
  return ['{', ...comments.map((line) => inner + line), `${inner}Auth: { ${auth} },`, `${inner}Storage: { ${storage} },`, `${indent}}`].join('\n');
}
