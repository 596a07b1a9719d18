// A fault-injecting HTTP reverse proxy on loopback, between the browser and the local S3 server,
// for the transfer specs (multipart retries, pause/resume, cancel, resume after reload).
//
// Every request is forwarded as it came (method, path and query, headers including Host, streamed
// body), so SigV4 signatures made for the proxy's address stay valid; the response is streamed
// back. Faults come from a plan that can change at any time, from Node (setFaults) or from the
// browser through the control API served on the same port under /__faults, a path no S3 request
// can have (bucket names start with a letter or digit):
//   PUT /__faults          set the plan (JSON body; {} clears it)   -> 200 the plan in force
//   GET /__faults          the plan in force
//   DELETE /__faults       clear the plan
//   GET /__faults/stats    the counters, as stats() returns them (maxInFlight: the peak since reset)
//   DELETE /__faults/stats reset the counters
//   POST /__faults/reset   clear the plan, release held requests and reset the counters
//   POST /__faults/release let every request held by a 'hold' fault go on -> { released: n }
// All with `Access-Control-Allow-Origin: *` and preflights answered, so specs can call it.
// The faults and the plan's shape are in fault-plan.mjs.
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { PassThrough, Transform, Writable, pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXPOSE_HEADERS as BUCKET_EXPOSE_HEADERS } from './gateway/cors.mjs';
import {
  isWait,
  normalizePlan,
  requestKind,
  ruleFires,
  ruleMatches,
  seededRandom,
} from './fault-plan.mjs';

export const CONTROL_PREFIX = '/__faults';
export { FAULTS, KINDS, normalizePlan, requestKind, seededRandom } from './fault-plan.mjs';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  // Node answers 100-continue itself before we see the request; the body then simply follows.
  'expect',
]);
// As the bucket's CORS rule (s3-server.mjs), so a browser reads our errors as it reads S3's.
const EXPOSE_HEADERS = BUCKET_EXPOSE_HEADERS.join(', ');
const S3_ERRORS = {
  'status-500': [500, 'InternalError', 'We encountered an internal error. Please try again.'],
  'slowdown-503': [503, 'SlowDown', 'Please reduce your request rate.'],
};
const LOG_LIMIT = 200;
const MAX_PLAN_BYTES = 1024 * 1024;
// Paced bodies go out in slices of 1/20 s, so a cap looks smooth rather than 64 KiB bursts.
const SLICES_PER_SECOND = 20;

const urlFor = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

function emptyStats() {
  return {
    requests: 0,
    byMethod: {},
    byKind: {},
    faults: 0,
    faultsByKind: {},
    faultsByType: {},
    parts: {},
    bytesReceived: 0,
    bytesForwarded: 0,
    // The most requests in flight at once since the last reset: what the specs of the library's
    // request limit read, on the server side where the browser's own queueing cannot hide it.
    maxInFlight: 0,
    log: [],
  };
}

const increment = (counts, key) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

function describeRequest(req) {
  const at = req.url.indexOf('?');
  const path = at === -1 ? req.url : req.url.slice(0, at);
  let decodedPath = path;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: match on the raw path only
  }
  const query = at === -1 ? '' : req.url.slice(at + 1);
  const params = new URLSearchParams(query);
  return {
    method: req.method,
    path,
    decodedPath,
    query,
    kind: requestKind(req.method, req.url),
    uploadId: params.get('uploadId') ?? undefined,
    partNumber: params.has('partNumber') ? Number(params.get('partNumber')) : undefined,
  };
}

function withoutHopByHop(rawHeaders) {
  const out = [];
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (!HOP_BY_HOP.has(rawHeaders[i].toLowerCase())) out.push(rawHeaders[i], rawHeaders[i + 1]);
  return out;
}

function sendS3Error(req, res, fault) {
  const [status, code, message] = S3_ERRORS[fault];
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const hostId = randomBytes(48).toString('base64');
  const body =
    req.method === 'HEAD'
      ? ''
      : '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${code}</Code><Message>${message}</Message>` +
        `<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSE_HEADERS,
  });
  res.end(body);
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_PLAN_BYTES) throw new TypeError('plan too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new TypeError('the plan is not valid JSON');
  }
}

/**
 * Starts the fault proxy in front of `target` (e.g. 'http://127.0.0.1:4568'); resolves to
 * { endpoint, controlEndpoint, setFaults(plan), faults(), stats(), resetStats(), reset(),
 * close() }.
 * S3 responses close their connection unless `keepAlive`: see handleS3 for why.
 */
export async function startFaultProxy({ target, host = '127.0.0.1', port = 0, keepAlive = false }) {
  const upstream = new URL(target);
  const upstreamHost = upstream.hostname.replace(/^\[(.*)\]$/, '$1');
  const upstreamPort = Number(upstream.port || 80);
  // A fresh upstream connection per request: a reused keep-alive socket that the server has just
  // timed out would fail a request for reasons no spec asked for.
  const agent = new Agent({ keepAlive: false });
  const closing = new AbortController();

  let plan;
  let ruleCounters;
  let random;
  let stats = emptyStats();
  let inFlight = 0;
  let lastActivityAt = Date.now();
  // The body cap is one link shared by all requests, as a real uplink is: when it is next free.
  let linkFreeAt = 0;
  // Wakers of the requests a 'hold' fault keeps waiting.
  let holds = new Set();

  function setFaults(newPlan) {
    plan = normalizePlan(newPlan);
    ruleCounters = plan.rules.map(() => ({ matches: 0, injected: 0 }));
    random = seededRandom(plan.seed);
    linkFreeAt = 0;
    return structuredClone(plan);
  }
  setFaults({});

  const touch = () => {
    lastActivityAt = Date.now();
  };

  // The faults for one request: delays add up, holds wait for a release; the first other rule
  // that fires ends the search.
  function chooseFaults(request) {
    const chosen = { delayMs: 0, hold: false, failure: undefined, fired: [] };
    if (request.kind === 'preflight') return chosen; // a failed preflight is not what specs test
    for (const [i, rule] of plan.rules.entries()) {
      if (!ruleMatches(rule.match, request) || !ruleFires(rule, ruleCounters[i], random)) continue;
      chosen.fired.push(rule.fault);
      if (isWait(rule.fault)) {
        if (rule.fault === 'delay') chosen.delayMs += rule.delayMs;
        else chosen.hold = true;
        continue;
      }
      chosen.failure = rule;
      break;
    }
    return chosen;
  }

  // Counts request-body bytes as they arrive and, under a bandwidth cap, paces them.
  function bodyMeter({ entry, signal }) {
    return new Transform({
      transform(chunk, _encoding, done) {
        stats.bytesReceived += chunk.length;
        entry.bytes += chunk.length;
        touch();
        if (!plan.bytesPerSecond) return done(null, chunk);
        (async () => {
          for (let at = 0; at < chunk.length;) {
            const rate = plan.bytesPerSecond;
            if (!rate) {
              this.push(chunk.subarray(at));
              break;
            }
            const sliceBytes = Math.max(1, Math.floor(rate / SLICES_PER_SECOND));
            const slice = chunk.subarray(at, at + sliceBytes);
            const now = Date.now();
            linkFreeAt = Math.max(now, linkFreeAt) + (slice.length / rate) * 1000;
            await sleep(linkFreeAt - now, undefined, { signal });
            this.push(slice);
            at += slice.length;
          }
        })().then(() => done(), done);
      },
    });
  }

  // Sends the request on to S3. `respond(upRes)` passes S3's answer back; the faults that act
  // after S3 has done the work replace it.
  function forward(exchange, respond = passResponse) {
    const { req, res, request, entry } = exchange;
    const upstreamReq = httpRequest({
      host: upstreamHost,
      port: upstreamPort,
      method: req.method,
      path: req.url,
      // Host included, as signed: s3rver ignores it and the enforcing gateway checks it.
      headers: withoutHopByHop(req.rawHeaders),
      agent,
    });
    upstreamReq.on('response', (upRes) => {
      entry.status = upRes.statusCode;
      const ok = upRes.statusCode >= 200 && upRes.statusCode < 300;
      if (ok && request.kind === 'putPart' && request.uploadId !== undefined)
        (stats.parts[request.uploadId] ??= []).push(request.partNumber);
      respond(upRes, exchange);
    });
    const counter = new PassThrough();
    counter.on('data', (chunk) => {
      stats.bytesForwarded += chunk.length;
    });
    // On any failure pipeline destroys every stream: the client then sees its connection drop,
    // and s3rver sees an aborted body (which it discards) when the client went away.
    pipeline(req, bodyMeter(exchange), counter, upstreamReq, (err) => {
      if (!err || res.headersSent || res.destroyed) return;
      entry.status = 502;
      res.writeHead(502, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
      res.end(`fault proxy: upstream failed: ${err.message}`);
    });
  }

  function passResponse(upRes, { res }) {
    res.writeHead(upRes.statusCode, upRes.statusMessage, withoutHopByHop(upRes.rawHeaders));
    pipeline(upRes, res, () => {});
  }

  // A reset rather than a FIN: the client sees ECONNRESET at once, even while still sending.
  function resetClient({ req, entry }) {
    entry.dropped = true;
    if (!req.socket.destroyed) req.socket.resetAndDestroy();
  }

  // 'lose-response': S3's whole answer is read (so S3 has finished), then the client is cut off.
  function loseResponse(upRes, exchange) {
    // The log's status is what the client got: nothing. What S3 answered is kept apart.
    exchange.entry.lostStatus = upRes.statusCode;
    exchange.entry.status = undefined;
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    pipeline(upRes, sink, () => resetClient(exchange));
  }

  // 'cut-response-body': status, headers and the first `afterBytes` body bytes, then the
  // connection closes. A FIN, not a reset: a reset makes the client drop what it has not read yet.
  function cutResponseBody(rule) {
    return (upRes, exchange) => {
      const { res, entry } = exchange;
      const length = Number(upRes.headers['content-length']);
      const afterBytes = rule.afterBytes ?? (Number.isFinite(length) ? Math.floor(length / 2) : 0);
      res.writeHead(upRes.statusCode, upRes.statusMessage, withoutHopByHop(upRes.rawHeaders));
      let sent = 0;
      let cut = false;
      const cutAfterWrite = () => {
        if (cut) return;
        cut = true;
        entry.bytesSent = sent;
        entry.dropped = true;
        upRes.destroy();
        // Ends the socket after what was written: the body stops short of its Content-Length.
        res.socket?.end();
      };
      upRes.on('data', (chunk) => {
        if (sent >= afterBytes) return;
        const slice = chunk.subarray(0, afterBytes - sent);
        sent += slice.length;
        res.write(slice);
        if (sent >= afterBytes) cutAfterWrite();
      });
      upRes.on('end', cutAfterWrite); // a body no longer than afterBytes: cut at its end
      upRes.on('error', () => {});
      if (afterBytes === 0) cutAfterWrite();
    };
  }

  // Reads `afterBytes` of the body (by default half of it), then resets the connection.
  function dropMidBody(exchange, rule) {
    const { req, entry } = exchange;
    const length = Number(req.headers['content-length']);
    const afterBytes = rule.afterBytes ?? (Number.isFinite(length) ? Math.floor(length / 2) : 0);
    const drop = () => resetClient(exchange);
    if (afterBytes === 0) return drop();
    let seen = 0;
    const sink = new Writable({
      write(chunk, _encoding, done) {
        seen += chunk.length;
        if (seen >= afterBytes) drop();
        done();
      },
    });
    pipeline(req, bodyMeter(exchange), sink, () => drop()); // a shorter body: drop at its end
  }

  function answerWithError(exchange, rule) {
    const { req, res, entry } = exchange;
    // Read the whole body first: a browser still sending would see a reset, not our status.
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    pipeline(req, bodyMeter(exchange), sink, (err) => {
      if (err) return;
      entry.status = S3_ERRORS[rule.fault][0];
      sendS3Error(req, res, rule.fault);
    });
  }

  async function handleS3(req, res) {
    const request = describeRequest(req);
    const { kind } = request;
    stats.requests++;
    increment(stats.byMethod, req.method);
    increment(stats.byKind, kind);
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    touch();
    const { delayMs, hold, failure, fired } = chooseFaults(request);
    // status: the one the client got; dropped: by a fault; aborted: the client went away first;
    // range and ifMatch: the request's headers, for specs of ranged and pinned downloads.
    const entry = { at: Date.now(), method: req.method, kind, url: req.url, bytes: 0 };
    if (req.headers.range) entry.range = req.headers.range;
    if (req.headers['if-match']) entry.ifMatch = req.headers['if-match'];
    // The SDK's id for one send: Chromium resends a request that a reset cut off on a socket it
    // counts as reused (one it opened ahead and left idle, too) with the same id, so the specs
    // count the library's attempts by id, not by requests.
    const invocationId = req.headers['amz-sdk-invocation-id'];
    if (invocationId) entry.invocationId = invocationId;
    if (fired.length) entry.faults = fired;
    stats.log.push(entry);
    if (stats.log.length > LOG_LIMIT) stats.log.shift();
    for (const fault of fired) {
      stats.faults++;
      increment(stats.faultsByKind, kind);
      increment(stats.faultsByType, fault);
    }

    // Ends pending delays and pacing when the client goes away or the proxy closes.
    const requestGone = new AbortController();
    const exchange = {
      req,
      res,
      request,
      entry,
      signal: AbortSignal.any([requestGone.signal, closing.signal]),
    };
    // Chromium silently resends a request that fails on a reused keep-alive connection before
    // any response arrived, so a dropped request would reach S3 after all: one per connection.
    if (!keepAlive) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight--;
      touch();
      entry.endedAt = Date.now();
      if (!res.writableFinished && !entry.dropped) entry.aborted = true;
      requestGone.abort();
    });
    req.on('error', () => {}); // an aborted request; the close above does the cleanup

    try {
      if (delayMs) await sleep(delayMs, undefined, { signal: exchange.signal });
      if (hold) await heldUntilRelease(exchange);
    } catch {
      return; // nobody left to answer
    }
    if (!failure) return forward(exchange);
    if (failure.fault === 'drop-mid-body') return dropMidBody(exchange, failure);
    if (failure.fault === 'lose-response') return forward(exchange, loseResponse);
    if (failure.fault === 'cut-response-body') return forward(exchange, cutResponseBody(failure));
    answerWithError(exchange, failure);
  }

  // Resolves on release(); rejects when the client goes away or the proxy closes.
  function heldUntilRelease({ signal, entry }) {
    entry.held = true;
    return new Promise((resolve, reject) => {
      const wake = () => {
        holds.delete(wake);
        signal.removeEventListener('abort', gone);
        resolve();
      };
      const gone = () => {
        holds.delete(wake);
        reject(signal.reason);
      };
      holds.add(wake);
      signal.addEventListener('abort', gone, { once: true });
    });
  }

  // Lets every held request go on; returns how many there were.
  function release() {
    const waiting = holds;
    holds = new Set();
    waiting.forEach((wake) => wake());
    return waiting.size;
  }

  function currentStats() {
    return {
      ...structuredClone(stats),
      rules: ruleCounters.map((c) => ({ ...c })),
      seed: plan.seed,
      inFlight,
      held: holds.size,
      lastActivityAt,
    };
  }

  function resetStats() {
    stats = emptyStats();
    stats.maxInFlight = inFlight;
  }

  // A spec's held request must not outlive it and hang the next one.
  function reset() {
    setFaults({});
    release();
    resetStats();
  }

  async function handleControl(req, res) {
    const route = `${req.method} ${req.url.split('?')[0].replace(/\/+$/, '')}`;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    try {
      switch (route) {
        case `PUT ${CONTROL_PREFIX}`:
          return sendJson(res, 200, setFaults(await readJson(req)));
        case `GET ${CONTROL_PREFIX}`:
          return sendJson(res, 200, plan);
        case `DELETE ${CONTROL_PREFIX}`:
          return sendJson(res, 200, setFaults({}));
        case `GET ${CONTROL_PREFIX}/stats`:
          return sendJson(res, 200, currentStats());
        case `DELETE ${CONTROL_PREFIX}/stats`:
          resetStats();
          return sendJson(res, 200, currentStats());
        case `POST ${CONTROL_PREFIX}/reset`:
          reset();
          return sendJson(res, 200, currentStats());
        case `POST ${CONTROL_PREFIX}/release`:
          return sendJson(res, 200, { released: release() });
        default:
          req.resume();
          return sendJson(res, 404, { error: `no such control route: ${route}` });
      }
    } catch (err) {
      req.resume();
      return sendJson(res, err instanceof TypeError ? 400 : 500, { error: err.message });
    }
  }

  const server = createServer(
    // Throttled or paused uploads may legitimately take longer than Node's 5-minute default.
    { requestTimeout: 0 },
    (req, res) => {
      const isControl = req.url === CONTROL_PREFIX || /^\/__faults[/?]/.test(req.url);
      (isControl ? handleControl : handleS3)(req, res).catch(() => res.destroy());
    },
  );
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const endpoint = urlFor(host, server.address().port);
  let closed;
  return {
    /** Where S3 clients go instead of the target. */
    endpoint,
    /** The control API's base URL (PUT a plan here; /stats, /reset below it). */
    controlEndpoint: endpoint + CONTROL_PREFIX,
    /** Replaces the plan (and its rule counters); returns it, or throws a TypeError if invalid. */
    setFaults,
    /** The plan in force, seed included. */
    faults: () => structuredClone(plan),
    /** A snapshot of the counters, with the rule counters, inFlight, held and lastActivityAt. */
    stats: currentStats,
    /** Resets the counters (not the plan's rule counters, nor inFlight). */
    resetStats,
    /** Lets every request held by a 'hold' fault go on; returns how many. */
    release,
    /** Clears the plan, lets held requests go on and resets the counters. */
    reset,
    /** Stops listening and drops every connection; resolves once closed. Safe to call twice. */
    close() {
      closed ??= new Promise((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
      return closed;
    },
  };
}
