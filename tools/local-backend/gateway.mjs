// An enforcing gateway in front of the local S3 server (s3rver, which accepts any signature and
// anonymous requests). For every S3 request it does what S3 does before touching data:
//   1. authenticates it: SigV4 in the Authorization header or a presigned query string, recomputed
//      with the AWS SDK's signer (sigv4.mjs), against the credentials the Cognito stand-in issued,
//      with their session token and expiry, the 15-minute clock skew and presigned-URL expiry;
//   2. matches it to one allowlisted operation shape (gateway-operations.mjs) and refuses anything
//      else with S3's error;
//   3. authorizes it: the operation's IAM checks against the caller's role policy, guest or
//      authenticated (policy-evaluator.mjs), every key of a DeleteObjects, and the owner of an
//      upload ID (gateway/upload-bindings.mjs);
//   4. forwards a request REBUILT from its parsed form (path, query, headers, body; aws-chunked
//      bodies decoded, XML bodies rewritten), never the original bytes, so the S3 server cannot
//      read it differently from what was authorized. The rest is answered here with S3's XML
//      errors, CORS headers included for the allowed origins.
// CORS preflights (OPTIONS) are unauthenticated in S3 too; they go upstream rebuilt as well.
import { randomBytes } from 'node:crypto';
import { Agent, createServer } from 'node:http';
import { describeOperation } from './gateway-operations.mjs';
import { corsHeadersFor } from './gateway/cors-headers.mjs';
import { checkStorableNames, upstreamPath } from './gateway/names.mjs';
import { prepareBody } from './gateway/request-body.mjs';
import { openUploadBindings } from './gateway/upload-bindings.mjs';
import { passOnHeaders, readAll, sendUpstream } from './gateway/upstream.mjs';
import { xmlEscape } from './gateway/xml-bodies.mjs';
import {
  S3Error,
  accessDenied,
  checkRequestTime,
  describeRequest,
  parseAuthentication,
  parseLongDate,
  verifySignature,
} from './sigv4.mjs';

const newRequestId = () => randomBytes(8).toString('hex').toUpperCase();
const newHostId = () => randomBytes(48).toString('base64');
const internalError = () =>
  new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);

/** S3's XML error document for an S3Error. */
export function errorXml(err, requestId, hostId) {
  const detail = Object.entries(err.detail ?? {})
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>` +
    `${detail}<RequestId>${requestId}</RequestId><HostId>${xmlEscape(hostId)}</HostId></Error>`
  );
}

/**
 * Starts the gateway; resolves to { port, close() }.
 * @param {object} options
 * @param {string} options.host interface to listen on (loopback)
 * @param {number} options.port port to listen on (0: any free one)
 * @param {{ host: string, port: number }} options.upstream the S3 server
 * @param {string} options.region the only region requests may be signed for
 * @param {(accessKeyId: string) => ({ identityId, user, secret, sessionToken, expiration } | undefined)} options.credentialsFor
 * @param {{ evaluate: Function }} options.evaluator from createPolicyEvaluator()
 * @param {string[]} options.corsOrigins the origins browsers may call from (as the bucket CORS rules)
 * @param {string} [options.stateDir] where upload bindings persist (memory only without it)
 * @param {boolean} [options.silent] no log line per denied request
 * @param {() => number} [options.now] the clock, in ms
 */
export async function startGateway({
  host,
  port,
  upstream,
  region,
  credentialsFor,
  evaluator,
  corsOrigins,
  stateDir,
  silent = false,
  now = Date.now,
}) {
  // Idle pooled connections are dropped after 4 s, before s3rver's 5 s keep-alive timeout closes
  // them under a request about to reuse one.
  const agent = new Agent({ keepAlive: true, timeout: 4000 });
  const uploads = openUploadBindings(stateDir);
  const cors = (req, bucket) =>
    corsHeadersFor({
      upstream,
      agent,
      corsOrigins,
      origin: req.headers.origin,
      method: req.method,
      bucket,
    });

  async function sendError(req, res, request, err, state) {
    if (state.responded) return;
    state.responded = true;
    const requestId = newRequestId();
    const hostId = newHostId();
    const body = req.method === 'HEAD' ? '' : errorXml(err, requestId, hostId);
    const headers = {
      'Content-Type': 'application/xml',
      'Content-Length': Buffer.byteLength(body),
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId,
      ...(await cors(req, request.bucket)),
    };
    if (state.expectContinue && !state.continued) {
      // The client holds the body back until we say continue, which we won't: end the connection
      // after this response rather than wait for a body that never comes.
      headers.Connection = 'close';
    } else {
      req.resume(); // read and drop the rest of the body, so the client gets to read our answer
    }
    if (!silent && (err.status === 403 || err.status === 404 || err.status === 501)) {
      const who = state.caller
        ? `${state.caller.user ?? 'guest'} ${state.caller.identityId}`
        : (state.accessKeyId ?? 'anonymous');
      console.error(
        `gateway: ${err.status} ${err.code} ${req.method} ${request.rawPath} (${who}${state.denied ? `: ${state.denied}` : ''})`,
      );
    }
    if (res.headersSent || res.destroyed) return res.destroy();
    res.writeHead(err.status, headers);
    res.end(body);
  }

  /** Lets a client waiting on Expect: 100-continue send its body. */
  function allowContinue(res, state) {
    if (state.expectContinue && !state.continued) {
      state.continued = true;
      res.writeContinue();
    }
  }

  /** Sends the rebuilt request upstream and its answer back (through `onResponse` if given). */
  async function forward(
    req,
    res,
    state,
    { method, path, headers, body, trailers, onResponse, responseOverrides },
  ) {
    const sent = sendUpstream({ agent, upstream, method, path, headers, body, trailers });
    const { response } = sent;
    // The client went away: stop the upstream request too (s3rver then drops a partial upload).
    res.on('close', () => {
      if (!res.writableFinished) sent.request.destroy();
    });
    req.on('close', () => {
      if (!req.complete) sent.request.destroy();
    });
    const upRes = await response;
    if (state.responded) return upRes.resume();
    if (onResponse) return onResponse(upRes);
    state.responded = true;
    res.writeHead(
      upRes.statusCode,
      upRes.statusMessage,
      passOnHeaders(upRes, { overrides: responseOverrides }),
    );
    upRes.pipe(res);
    upRes.on('error', () => res.destroy());
    upRes.on('aborted', () => res.destroy());
  }

  /** Answers with an upstream response read whole, after `inspect` saw its status and text. */
  function bufferedAnswer(res, state, inspect) {
    return async (upRes) => {
      const text = await readAll(upRes);
      await inspect(upRes.statusCode, text.toString('utf8'));
      state.responded = true;
      res.writeHead(upRes.statusCode, upRes.statusMessage, [
        ...passOnHeaders(upRes, { dropLength: true }),
        'Content-Length',
        String(text.length),
      ]);
      res.end(text);
    };
  }

  /** Authenticates the request; resolves to { auth, caller, requestContext }. */
  async function authenticate(req, request, state) {
    const auth = parseAuthentication(request, { region });
    // No bucket policy grants anything to anonymous callers (and public access is blocked).
    if (auth.kind === 'anonymous') throw accessDenied();
    state.accessKeyId = auth.accessKeyId;
    const record = credentialsFor(auth.accessKeyId);
    // Temporary (ASIA...) keys exist only together with their session token.
    if (!record || auth.sessionToken === undefined) {
      throw new S3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
        {
          AWSAccessKeyId: auth.accessKeyId,
        },
      );
    }
    if (auth.sessionToken !== record.sessionToken) {
      throw new S3Error(
        'InvalidToken',
        'The provided token is malformed or otherwise invalid.',
        400,
        {
          'Token-0': auth.sessionToken,
        },
      );
    }
    const time = now();
    if (time >= record.expiration.getTime()) {
      throw new S3Error('ExpiredToken', 'The provided token has expired.', 400, {
        'Token-0': auth.sessionToken,
      });
    }
    checkRequestTime(auth, time);
    await verifySignature(request, auth, {
      secret: record.secret,
      sessionToken: record.sessionToken,
    });
    const caller = { identityId: record.identityId, user: record.user };
    state.caller = caller;
    const requestContext = {
      'aws:SourceIp': req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      's3:authType': auth.kind === 'header' ? 'REST-HEADER' : 'REST-QUERY-STRING',
      's3:signatureversion': 'AWS4-HMAC-SHA256',
      's3:x-amz-content-sha256': auth.payloadHash,
      ...(auth.kind === 'query' && {
        's3:signatureAge': String(time - parseLongDate(auth.longDate)),
      }),
    };
    return { auth, caller, secret: record.secret, requestContext };
  }

  /** Throws AccessDenied (S3's wording) unless every check is allowed. */
  function authorize(checks, caller, requestContext, state) {
    for (const check of checks) {
      const decision = evaluator.evaluate(caller, check, requestContext);
      if (!decision.allowed) {
        state.denied = `${check.action} on ${check.resource}`;
        throw accessDenied(
          `User: ${decision.principal} is not authorized to perform: ${check.action} on resource: ` +
            `"${check.resource}" because no identity-based policy allows the ${check.action} action`,
        );
      }
    }
  }

  /** A CORS preflight, rebuilt: the path and the three CORS headers only. */
  function preflight(req, res, request, state) {
    checkStorableNames(request);
    const headers = {};
    for (const name of [
      'origin',
      'access-control-request-method',
      'access-control-request-headers',
    ])
      if (request.headers[name] !== undefined) headers[name] = request.headers[name];
    return forward(req, res, state, {
      method: 'OPTIONS',
      path: upstreamPath(request.bucket, request.key),
      headers,
    });
  }

  async function handle(req, res, expectContinue) {
    const state = { responded: false, expectContinue, continued: false };
    let request = { rawPath: req.url, bucket: undefined };
    try {
      request = describeRequest(req);
      if (req.method === 'OPTIONS') return await preflight(req, res, request, state);
      const { auth, caller, secret, requestContext } = await authenticate(req, request, state);
      checkStorableNames(request);
      const op = describeOperation(request, auth);
      state.operation = op.name;
      authorize(op.checks, caller, requestContext, state);
      if (op.uploadId !== undefined) {
        uploads.check(op.uploadId, {
          bucket: op.bucket,
          key: op.key,
          identityId: caller.identityId,
        });
      }
      if (op.body !== 'none') allowContinue(res, state);
      const body = await prepareBody(req, op, auth, {
        secret,
        authorizeKey: (check) => evaluator.evaluate(caller, check, requestContext).allowed,
      });
      if (body.answer) {
        // Every key of a DeleteObjects was denied: nothing goes upstream.
        state.responded = true;
        const headers = {
          'Content-Type': 'application/xml',
          'x-amz-request-id': newRequestId(),
          'x-amz-id-2': newHostId(),
        };
        res.writeHead(200, {
          ...headers,
          'Content-Length': Buffer.byteLength(body.answer),
          ...(await cors(req, op.bucket)),
        });
        return res.end(body.answer);
      }
      let onResponse;
      if (op.name === 'CreateMultipartUpload') {
        onResponse = bufferedAnswer(res, state, (status, text) => {
          const uploadId = /<UploadId>([^<]*)<\/UploadId>/.exec(text)?.[1];
          if (status === 200 && uploadId)
            uploads.bind(uploadId, {
              bucket: op.bucket,
              key: op.key,
              identityId: caller.identityId,
            });
        });
      } else if (op.name === 'CompleteMultipartUpload' || op.name === 'AbortMultipartUpload') {
        onResponse = bufferedAnswer(res, state, (status, text) => {
          if (status < 300 && !text.includes('<Error>')) uploads.release(op.uploadId);
        });
      } else if (body.deniedXml) {
        // DeleteObjects with some keys denied: add them to the S3 server's answer.
        onResponse = async (upRes) => {
          let text = (await readAll(upRes)).toString('utf8');
          if (upRes.statusCode === 200)
            text = text.replace('</DeleteResult>', `${body.deniedXml}</DeleteResult>`);
          state.responded = true;
          res.writeHead(upRes.statusCode, upRes.statusMessage, [
            ...passOnHeaders(upRes, { dropLength: true }),
            'Content-Length',
            String(Buffer.byteLength(text)),
          ]);
          res.end(text);
        };
      }
      if (op.body === 'none') {
        req.resume(); // a body S3 would ignore is read and dropped
        if (op.upstream.method === 'PUT' || op.upstream.method === 'POST')
          body.headers = { 'content-length': '0' };
      }
      await forward(req, res, state, {
        ...op.upstream,
        headers: Object.fromEntries(
          Object.entries({ ...op.upstream.headers, ...body.headers }).filter(
            ([, v]) => v !== undefined,
          ),
        ),
        body: body.data,
        trailers: body.trailers,
        onResponse,
        responseOverrides: op.responseOverrides,
      });
    } catch (err) {
      if (!(err instanceof S3Error)) {
        if (!silent && !state.responded) console.error('gateway: internal error', err);
        err = internalError();
      }
      if (state.responded) {
        if (!res.writableFinished) res.destroy();
        return;
      }
      await sendError(req, res, request, err, state);
    }
  }

  const server = createServer((req, res) => void handle(req, res, false));
  server.on('checkContinue', (req, res) => void handle(req, res, true));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: server.address().port,
    /** Stops listening, drops open connections and the upstream connection pool. */
    close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      agent.destroy();
      return closed;
    },
  };
}
