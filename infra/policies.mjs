// IAM policies for the identity pool's two roles, Amplify style: one generator for any key
// prefixes, and the committed JSON documents (infra/policies/*.json) for the default prefixes.
//
//   node infra/policies.mjs          rewrites infra/policies/*.json from policiesFor()
//   node infra/policies.mjs --check  exits 1 when the committed files differ from it
//
// The documents name the bucket by the placeholder ${BucketName}; loadPolicies() substitutes it.
// ${cognito-identity.amazonaws.com:sub} is an IAM policy variable (the caller's identity ID),
// left for IAM to resolve at request time.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUCKET_PLACEHOLDER = '${BucketName}';
export const IDENTITY_ID_VARIABLE = '${cognito-identity.amazonaws.com:sub}';
export const DEFAULT_PREFIXES = Object.freeze({
  public: 'public/',
  protected: 'protected/',
  private: 'private/',
});

export const POLICY_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'policies');
/** The committed documents: the authenticated role's, and the guest role's in its two variants. */
export const POLICY_FILES = Object.freeze({
  authenticated: 'authenticated-role.json',
  guestRead: 'guest-role-read.json',
  guestReadWrite: 'guest-role-readwrite.json',
});

// Writing includes AbortMultipartUpload: a multipart upload that its owner may create, it may also
// cancel; S3 asks for that permission separately from s3:PutObject.
const READ = ['s3:GetObject'];
const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];
const DELETE = ['s3:DeleteObject'];

function checkPrefix(level, prefix) {
  if (typeof prefix !== 'string') throw new TypeError(`prefixes.${level} must be a string`);
  if (prefix !== '' && !prefix.endsWith('/'))
    throw new Error(`prefixes.${level} must be empty or end with '/', got '${prefix}'`);
  if (/[*?$]/.test(prefix))
    throw new Error(`prefixes.${level} must not contain '*', '?' or '$', got '${prefix}'`);
}

/**
 * The identity policies of the authenticated and the guest role for one bucket.
 *
 * @param {object} options
 * @param {string} [options.bucket] bucket name; the default keeps the ${BucketName} placeholder
 * @param {{public?: string, protected?: string, private?: string}} [options.prefixes] key prefix per
 *   access level, '' or ending in '/' (the library's customPrefix); unset levels keep the default.
 *   An empty public or protected prefix opens the whole bucket to that level's readers (and, for
 *   public, writers): IAM cannot tell a "public" key at the root from any other key.
 * @param {boolean} [options.guestWrite] whether guests may write and delete under the public prefix
 * @returns {{ authenticated: object, guest: object }}
 */
export function policiesFor({
  bucket = BUCKET_PLACEHOLDER,
  prefixes = {},
  guestWrite = true,
} = {}) {
  const p = { ...DEFAULT_PREFIXES, ...prefixes };
  for (const level of Object.keys(DEFAULT_PREFIXES)) checkPrefix(level, p[level]);
  const objects = (keyPattern) => `arn:aws:s3:::${bucket}/${keyPattern}`;
  const own = (prefix) => `${prefix}${IDENTITY_ID_VARIABLE}/`;
  const listable = (...prefixes) => [...new Set(prefixes.flatMap((x) => [x, `${x}*`]))];
  const listStatement = (sid, prefixes) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: ['s3:ListBucket'],
    Resource: [`arn:aws:s3:::${bucket}`],
    Condition: { StringLike: { 's3:prefix': listable(...prefixes) } },
  });
  const statement = (Sid, Action, keyPattern) => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource: [objects(keyPattern)],
  });
  const publicStatement = (actions) =>
    statement(actions === READ ? 'PublicRead' : 'PublicReadWriteDelete', actions, `${p.public}*`);
  const protectedRead = statement('ProtectedReadAll', READ, `${p.protected}*`);

  const authenticated = {
    Version: '2012-10-17',
    Statement: [
      publicStatement([...READ, ...WRITE, ...DELETE]),
      protectedRead,
      statement('ProtectedWriteDeleteOwn', [...WRITE, ...DELETE], `${own(p.protected)}*`),
      statement('PrivateReadWriteDeleteOwn', [...READ, ...WRITE, ...DELETE], `${own(p.private)}*`),
      listStatement('ListPublicProtectedAndOwnPrivate', [p.public, p.protected, own(p.private)]),
    ],
  };
  const guest = {
    Version: '2012-10-17',
    Statement: [
      publicStatement(guestWrite ? [...READ, ...WRITE, ...DELETE] : READ),
      protectedRead,
      listStatement('ListPublicAndProtected', [p.public, p.protected]),
    ],
  };
  return { authenticated, guest };
}

/** The committed documents with the placeholder replaced by `bucket` (guest variant by guestWrite). */
export function loadPolicies({ bucket, guestWrite = true, dir = POLICY_DIR }) {
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new Error(`not a bucket name: '${bucket}'`);
  const load = (file) =>
    JSON.parse(readFileSync(path.join(dir, file), 'utf8').replaceAll(BUCKET_PLACEHOLDER, bucket));
  return {
    authenticated: load(POLICY_FILES.authenticated),
    guest: load(guestWrite ? POLICY_FILES.guestReadWrite : POLICY_FILES.guestRead),
  };
}

/** File name -> JSON text, exactly as committed. */
export function renderPolicyFiles() {
  const read = policiesFor({ guestWrite: false });
  const readWrite = policiesFor({ guestWrite: true });
  const text = (doc) => `${JSON.stringify(doc, null, 2)}\n`;
  return {
    [POLICY_FILES.authenticated]: text(readWrite.authenticated),
    [POLICY_FILES.guestRead]: text(read.guest),
    [POLICY_FILES.guestReadWrite]: text(readWrite.guest),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(renderPolicyFiles())) {
    const target = path.join(POLICY_DIR, file);
    let current;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`${path.relative(process.cwd(), target)} differs from policiesFor()`);
    else writeFileSync(target, text);
  }
  if (check && stale) process.exit(1);
  if (!check) console.log(`${stale} file(s) rewritten`);
}
