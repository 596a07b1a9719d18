// A stand-in for the two Amazon Cognito Identity calls that fromCognitoIdentityPool() makes
// (GetId, GetCredentialsForIdentity), spoken in the awsJson1_1 wire format and callable from browsers.
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { DEFAULT_CORS_ORIGINS, originMatcher } from './gateway/cors.mjs';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const IDENTITY_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/; // the pattern Cognito documents for IdentityId
const MAX_BODY_BYTES = 64 * 1024;
/** Where `GET` answers with the local users and their identity IDs (see `directory` below). */
export const DIRECTORY_PATH = '/local/users';
const DAY_MS = 24 * 3600 * 1000;

class CognitoError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

// UUID v4 layout over hash bytes, so a user's identity is the same on every run and machine.
function uuidFromHash(text) {
  const b = createHash('sha256').update(text).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function randomUpperAlnum(length) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from({ length }, () => chars[randomInt(chars.length)]).join('');
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Guest identities live in a file because browsers cache their IdentityId (IndexedDB) across
// backend restarts; forgetting them would turn every restart into a failed credentials call.
function loadGuests(file) {
  try {
    return new Set(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return new Set();
  }
}

function saveGuests(file, guests) {
  writeFileSync(`${file}.tmp`, JSON.stringify([...guests]));
  renameSync(`${file}.tmp`, file); // atomic, so a crash never leaves a truncated file behind
}

/** Starts the Cognito Identity stand-in; resolves to { port, credentialsFor(accessKeyId), close() }. */
export async function startIdentityService({
  host,
  port,
  region,
  identityPoolId,
  loginProvider,
  users,
  credentialsTtlSeconds,
  guestsFile,
  corsOrigins = DEFAULT_CORS_ORIGINS,
  onCredentialsIssued = async () => {},
}) {
  const allowedOrigin = originMatcher(corsOrigins);
  const userIdentityId = (user) => `${region}:${uuidFromHash(`${identityPoolId}\n${user}`)}`;
  const userByIdentityId = new Map(users.map((user) => [userIdentityId(user), user]));
  const guests = loadGuests(guestsFile);
  // A number for everyone, or a function of the user name (null for a guest), e.g. for short-lived test users.
  const ttlFor = (user) =>
    typeof credentialsTtlSeconds === 'function'
      ? credentialsTtlSeconds(user)
      : credentialsTtlSeconds;
  const issued = new Map(); // accessKeyId -> { identityId, user, secret, sessionToken, expiration }

  // Returns the signed-in user name, or null for a guest.
  function loginUser(logins) {
    if (logins === undefined || logins === null) return null;
    if (!isPlainObject(logins) || Object.values(logins).some((v) => typeof v !== 'string')) {
      throw new CognitoError(
        'InvalidParameterException',
        'Logins must be a map of provider name to token.',
      );
    }
    const providers = Object.keys(logins);
    if (providers.length === 0) return null;
    if (providers.length !== 1 || providers[0] !== loginProvider) {
      throw new CognitoError(
        'NotAuthorizedException',
        `Invalid login token. Only '${loginProvider}' is configured for this pool.`,
      );
    }
    const user = logins[loginProvider];
    if (!users.includes(user)) {
      throw new CognitoError(
        'NotAuthorizedException',
        `Invalid login token. Unknown local user '${user}'.`,
      );
    }
    return user;
  }

  function getId({ IdentityPoolId, Logins }) {
    if (typeof IdentityPoolId !== 'string') {
      throw new CognitoError('InvalidParameterException', 'IdentityPoolId is required.');
    }
    if (IdentityPoolId !== identityPoolId) {
      throw new CognitoError(
        'ResourceNotFoundException',
        `IdentityPool '${IdentityPoolId}' not found.`,
      );
    }
    const user = loginUser(Logins);
    if (user) return { IdentityId: userIdentityId(user) };
    const IdentityId = `${region}:${randomUUID()}`;
    guests.add(IdentityId);
    saveGuests(guestsFile, guests);
    return { IdentityId };
  }

  async function getCredentialsForIdentity({ IdentityId, Logins }) {
    if (typeof IdentityId !== 'string' || !IDENTITY_ID_PATTERN.test(IdentityId)) {
      throw new CognitoError('InvalidParameterException', 'IdentityId is missing or malformed.');
    }
    const owner = userByIdentityId.get(IdentityId) ?? null;
    if (!owner && !guests.has(IdentityId)) {
      throw new CognitoError('ResourceNotFoundException', `Identity '${IdentityId}' not found.`);
    }
    // A user's identity needs that user's login; a guest identity must not present one.
    if (loginUser(Logins) !== owner) {
      throw new CognitoError(
        'NotAuthorizedException',
        `Logins don't match identity '${IdentityId}'.`,
      );
    }

    const now = Date.now();
    for (const [key, record] of issued)
      if (record.expiration.getTime() < now - DAY_MS) issued.delete(key);

    const accessKeyId = `ASIA${randomUpperAlnum(16)}`;
    const record = {
      identityId: IdentityId,
      user: owner,
      secret: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiration: new Date((Math.floor(now / 1000) + ttlFor(owner)) * 1000),
    };
    issued.set(accessKeyId, record);
    // The S3 server must know the key before the client can possibly use it.
    await onCredentialsIssued({ accessKeyId, ...record });
    return {
      IdentityId,
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretKey: record.secret,
        SessionToken: record.sessionToken,
        Expiration: record.expiration.getTime() / 1000, // awsJson timestamps are epoch seconds
      },
    };
  }

  /**
   * The local users and their identity IDs: not a Cognito call, but the stand-in for an app's own
   * user records, where a real app finds the identity ID whose protected files to show.
   */
  const directory = () => ({
    users: users.map((name) => ({ name, identityId: userIdentityId(name) })),
  });

  const operations = new Map([
    ['GetId', getId],
    ['GetCredentialsForIdentity', getCredentialsForIdentity],
  ]);

  async function readJson(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES)
        throw new CognitoError('InvalidParameterException', 'Request body too large.');
      chunks.push(chunk);
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      throw new CognitoError('InvalidParameterException', 'Request body is not valid JSON.');
    }
    if (!isPlainObject(body))
      throw new CognitoError('InvalidParameterException', 'Request body must be a JSON object.');
    return body;
  }

  function send(res, status, body) {
    res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': randomUUID() });
    res.end(JSON.stringify(body));
  }

  async function handle(req, res) {
    // Browsers call this from the app's origin with non-simple headers (X-Amz-Target, the
    // awsJson content type, SDK headers), so every call is preflighted. Only the allowed origins
    // get CORS headers: any other web page's preflight fails, so its browser never sends the call.
    const origin = req.headers.origin;
    res.setHeader('Vary', 'Origin');
    if (allowedOrigin(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'x-amzn-RequestId');
    }
    if (origin !== undefined && !allowedOrigin(origin)) {
      // Also a POST a page could send without preflight: a browser names its origin, tools don't.
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      return res.end(`Origin ${origin} is not among the local backend's corsOrigins.`);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
        'Access-Control-Max-Age': '3000',
      });
      return res.end();
    }
    if (req.method === 'GET' && new URL(req.url, 'http://local').pathname === DIRECTORY_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return res.end(JSON.stringify(directory()));
    }
    try {
      const target = req.headers['x-amz-target'] ?? '';
      const operation =
        target.startsWith(TARGET_PREFIX) && operations.get(target.slice(TARGET_PREFIX.length));
      if (req.method !== 'POST' || !operation) {
        throw new CognitoError('UnknownOperationException', `Unknown operation '${target}'.`);
      }
      send(res, 200, await operation(await readJson(req)));
    } catch (err) {
      if (!(err instanceof CognitoError)) throw err;
      send(res, 400, { __type: err.type, message: err.message });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent)
        send(res, 500, { __type: 'InternalErrorException', message: err.message });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: server.address().port,
    /** Returns { identityId, user, secret, sessionToken, expiration: Date } for a key, or undefined. */
    credentialsFor(accessKeyId) {
      const record = issued.get(accessKeyId);
      return record && { ...record };
    },
    /** Stops listening and drops open connections. */
    close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    },
  };
}
