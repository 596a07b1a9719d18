// An enforcing gateway in front of the local S3 server (s3rver, which accepts any signature and
// anonymous requests). For every S3 request it does what S3 does before touching data:
//   1. authenticates it: SigV4 in the Authorization header or a presigned query string, recomputed
//      with the AWS SDK's signer (sigv4.mjs), against the credentials the Cognito stand-in issued,
//      with their session token and expiry, the 15-minute clock skew and presigned-URL expiry;
//   2. authorizes it: maps it to IAM actions and resources (gateway-operations.mjs) and evaluates
//      the caller's role policy, guest or authenticated (policy-evaluator.mjs);
//   3. forwards what is allowed to s3rver unchanged, streaming the body both ways, and answers the
//      rest itself with S3's XML errors and status codes, CORS headers included.
// CORS preflights (OPTIONS) are unauthenticated in S3 too and go straight to s3rver.
import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { Transform } from 'node:stream';
import { checkStorableNames, describeOperation, parseCopySource } from './gateway-operations.mjs';
import {
  HEX_SHA256,
  S3Error,
  accessDenied,
  checkRequestTime,
  describeRequest,
  parseAuthentication,
  parseLongDate,
  verifySignature,
} from './sigv4.mjs';

const MAX_DELETE_BODY_BYTES = 2 * 1024 * 1024; // 1000 keys of 1024 bytes, as XML, fit easily
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

const xmlEscape = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c],
  );
const xmlUnescape = (text) =>
  text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e],
  );
const tagValues = (xml, tag) =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => xmlUnescape(m[1]));

const newRequestId = () => randomBytes(8).toString('hex').toUpperCase();
const newHostId = () => randomBytes(48).toString('base64');

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

// The bucket's CORS rules as s3rver matches them (lib/models/config.js): an origin pattern may
// hold one '*', methods match exactly.
function parseCorsRules(xml) {
  const wildcard = (pattern, flags) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      flags,
    );
  return tagValues(xml, 'CORSRule').map((rule) => {
    const origins = tagValues(rule, 'AllowedOrigin');
    const maxAge = tagValues(rule, 'MaxAgeSeconds')[0];
    return {
      hasWildcardOrigin: origins.includes('*'),
      allowedOrigins: origins.map((o) => wildcard(o)),
      allowedMethods: tagValues(rule, 'AllowedMethod'),
      exposeHeaders: tagValues(rule, 'ExposeHeader'),
      maxAgeSeconds: maxAge,
    };
  });
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
  silent = false,
  now = Date.now,
}) {
  const agent = new Agent({ keepAlive: true });
  const upstreamBase = `http://${upstream.host.includes(':') ? `[${upstream.host}]` : upstream.host}:${upstream.port}`;

  // What s3rver would add for this origin on an actual (non-preflight) response.
  async function corsHeaders(req, request) {
    const origin = req.headers.origin;
    if (!origin || !request.bucket) return {};
    let rules;
    try {
      const res = await fetch(`${upstreamBase}/${encodeURIComponent(request.bucket)}?cors`);
      if (!res.ok) return {};
      rules = parseCorsRules(await res.text());
    } catch {
      return {};
    }
    const method = (req.headers['access-control-request-method'] || req.method).toUpperCase();
    const rule = rules.find(
      (r) =>
        r.allowedOrigins.some((pattern) => pattern.test(origin)) &&
        r.allowedMethods.includes(method),
    );
    if (!rule) return {};
    return {
      'Access-Control-Allow-Origin': rule.hasWildcardOrigin ? '*' : origin,
      ...(rule.exposeHeaders.length && {
        'Access-Control-Expose-Headers': rule.exposeHeaders.join(', '),
      }),
      ...(rule.maxAgeSeconds !== undefined && { 'Access-Control-Max-Age': rule.maxAgeSeconds }),
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    };
  }

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
      ...(await corsHeaders(req, request)),
    };
    if (state.expectContinue && !state.continued) {
      // The client holds the body back until we say continue, which we won't: end the connection
      // after this response rather than wait for a body that never comes.
      headers.Connection = 'close';
    } else {
      req.resume(); // read and drop the rest of the body, so the client gets to read our answer
    }
    if (!silent && err.status === 403) {
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

  function allowContinue(res, state) {
    if (state.expectContinue && !state.continued) {
      state.continued = true;
      res.writeContinue();
    }
  }

  /** Sends the request upstream, with `body` (a Buffer) or else the request's own body stream. */
  function forward(
    req,
    res,
    request,
    state,
    { payloadHash, body, headers: overrides = {}, onResponse } = {},
  ) {
    const headers = {};
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      if (!HOP_BY_HOP.has(name)) headers[name] = values.length === 1 ? values[0] : values;
    }
    Object.assign(headers, overrides);
    for (const [name, value] of Object.entries(headers))
      if (value === undefined) delete headers[name];
    const upstreamReq = httpRequest({
      host: upstream.host,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers,
      agent,
    });
    const fail = (err) => {
      upstreamReq.destroy();
      if (state.responded) {
        if (!res.writableFinished) res.destroy();
        return;
      }
      sendError(
        req,
        res,
        request,
        err instanceof S3Error
          ? err
          : new S3Error(
              'InternalError',
              'We encountered an internal error. Please try again.',
              500,
            ),
        state,
      );
    };
    upstreamReq.on('error', fail);
    upstreamReq.on('response', (upRes) => {
      if (state.responded) return upRes.resume();
      if (onResponse) return onResponse(upRes);
      state.responded = true;
      const out = [];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(upRes.rawHeaders[i].toLowerCase()))
          out.push(upRes.rawHeaders[i], upRes.rawHeaders[i + 1]);
      }
      res.writeHead(upRes.statusCode, upRes.statusMessage, out);
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
      upRes.on('aborted', () => res.destroy());
    });
    // The client went away: stop the upstream request too (s3rver then drops a partial upload).
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    req.on('close', () => {
      if (!req.complete) upstreamReq.destroy();
    });

    if (body !== undefined) {
      upstreamReq.end(body);
      return;
    }
    allowContinue(res, state);
    if (payloadHash === undefined || !HEX_SHA256.test(payloadHash)) {
      req.pipe(upstreamReq);
      return;
    }
    // The client signed the body's hash: check it while streaming, holding back the last chunk
    // until the hash is known, so s3rver never receives a complete body that doesn't match.
    const hash = createHash('sha256');
    let held;
    const verifier = new Transform({
      transform(chunk, _encoding, callback) {
        hash.update(chunk);
        const previous = held;
        held = chunk;
        callback(null, previous);
      },
      flush(callback) {
        const computed = hash.digest('hex');
        if (computed !== payloadHash) {
          return callback(
            new S3Error(
              'XAmzContentSHA256Mismatch',
              "The provided 'x-amz-content-sha256' header does not match what was computed.",
              400,
              {
                ClientComputedContentSHA256: payloadHash,
                S3ComputedContentSHA256: computed,
              },
            ),
          );
        }
        callback(null, held);
      },
    });
    verifier.on('error', fail);
    req.pipe(verifier).pipe(upstreamReq);
  }

  async function readBody(req, res, state, limit) {
    allowContinue(res, state);
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > limit)
        throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  // DeleteObjects: S3 checks s3:DeleteObject for every key and reports the denied ones as
  // per-key AccessDenied errors in a 200 response; the allowed ones are deleted.
  async function deleteObjects(req, res, request, state, auth, caller, requestContext) {
    const body = await readBody(req, res, state, MAX_DELETE_BODY_BYTES);
    if (HEX_SHA256.test(auth.payloadHash)) {
      const computed = createHash('sha256').update(body).digest('hex');
      if (computed !== auth.payloadHash) {
        throw new S3Error(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          400,
          {
            ClientComputedContentSHA256: auth.payloadHash,
            S3ComputedContentSHA256: computed,
          },
        );
      }
    }
    const xml = body.toString('utf8');
    const objects = [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => ({
      xml: m[0],
      key: tagValues(m[1], 'Key')[0],
      versionId: tagValues(m[1], 'VersionId')[0],
    }));
    if (
      !/<Delete[\s>]/.test(xml) ||
      objects.length === 0 ||
      objects.some((o) => o.key === undefined)
    ) {
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
        400,
      );
    }
    for (const object of objects) checkStorableNames({ key: object.key });
    const denied = [];
    const allowed = [];
    for (const object of objects) {
      const decision = evaluator.evaluate(
        caller,
        {
          action: object.versionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
          resource: `arn:aws:s3:::${request.bucket}/${object.key}`,
        },
        requestContext,
      );
      (decision.allowed ? allowed : denied).push(object);
    }
    const errorsXml = denied
      .map(
        (o) =>
          `<Error><Key>${xmlEscape(o.key)}</Key>${o.versionId ? `<VersionId>${xmlEscape(o.versionId)}</VersionId>` : ''}` +
          '<Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      )
      .join('');
    const respond = async (status, headers, text) => {
      state.responded = true;
      res.writeHead(status, {
        ...headers,
        'Content-Length': Buffer.byteLength(text),
        ...(await corsHeaders(req, request)),
      });
      res.end(text);
    };
    if (allowed.length === 0) {
      const requestId = newRequestId();
      return respond(
        200,
        {
          'Content-Type': 'application/xml',
          'x-amz-request-id': requestId,
          'x-amz-id-2': newHostId(),
        },
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${errorsXml}</DeleteResult>`,
      );
    }
    if (denied.length === 0) {
      forward(req, res, request, state, { body });
      return;
    }
    // Send s3rver only the allowed keys, then add the denied ones to its answer.
    const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(xml) ? '<Quiet>true</Quiet>' : '';
    const partial = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${quiet}${allowed.map((o) => o.xml).join('')}</Delete>`,
    );
    const overrides = {
      'content-length': String(partial.length),
      'content-md5': createHash('md5').update(partial).digest('base64'),
      'x-amz-content-sha256': createHash('sha256').update(partial).digest('hex'),
    };
    for (const name of Object.keys(req.headers)) {
      if (name.startsWith('x-amz-checksum-') || name === 'x-amz-sdk-checksum-algorithm')
        overrides[name] = undefined;
    }
    forward(req, res, request, state, {
      body: partial,
      headers: overrides,
      onResponse: async (upRes) => {
        const chunks = [];
        for await (const chunk of upRes) chunks.push(chunk);
        let text = Buffer.concat(chunks).toString('utf8');
        if (upRes.statusCode === 200 && text.includes('</DeleteResult>')) {
          text = text.replace('</DeleteResult>', `${errorsXml}</DeleteResult>`);
        }
        const headers = {};
        for (const [name, value] of Object.entries(upRes.headers)) {
          if (!HOP_BY_HOP.has(name) && name !== 'content-length') headers[name] = value;
        }
        await respond(upRes.statusCode, headers, text);
      },
    });
  }

  async function handle(req, res, expectContinue) {
    const state = { responded: false, expectContinue, continued: false };
    let request;
    try {
      request = describeRequest(req);
    } catch {
      request = { rawPath: req.url, bucket: undefined };
      return sendError(
        req,
        res,
        request,
        new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400),
        state,
      );
    }
    if (req.method === 'OPTIONS') return forward(req, res, request, state);
    try {
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
      checkStorableNames(request);
      if (request.headers['x-amz-copy-source'] !== undefined)
        checkStorableNames(parseCopySource(request.headers['x-amz-copy-source']));
      const { operation, checks } = describeOperation(request);
      if (operation === 'DeleteObjects') {
        return await deleteObjects(req, res, request, state, auth, caller, requestContext);
      }
      if (operation === 'Unknown') {
        state.denied = 'an operation the local gateway does not authorize';
        throw accessDenied();
      }
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
      forward(req, res, request, state, { payloadHash: auth.payloadHash });
    } catch (err) {
      if (!(err instanceof S3Error)) {
        if (!silent) console.error('gateway: internal error', err);
        err = new S3Error(
          'InternalError',
          'We encountered an internal error. Please try again.',
          500,
        );
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
