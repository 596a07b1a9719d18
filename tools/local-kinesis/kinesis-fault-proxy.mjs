// KinesisFaultProxy: a FAULT DOUBLE in front of the local kinesalite, for the Kinesis sink's retry
// specs only. kinesalite stores every record it is sent (its PutRecords never reports
// FailedRecordCount > 0) and never throttles, so the two failures real Kinesis has and kinesalite
// cannot produce are made here:
//   - per-record failures: a PutRecords answered with some records' ErrorCode set
//     (ProvisionedThroughputExceededException, InternalFailure). The failed records are taken out
//     of the request before it is forwarded, so, as with real Kinesis, they are not stored.
//   - whole-call failures: a 5xx or throttling error for the whole call (nothing stored), or a
//     connection dropped before any answer (a network error in the browser).
// Everything else (other operations, preflights, PutRecords without a fault) is forwarded to
// kinesalite unchanged, and kinesalite's own answers, CORS headers included, come back.
//
// Faults come from a plan, set from Node (setFaults) or from the browser through the control API
// on the same port, under /__faults (Kinesis requests are POSTs to '/'):
//   PUT /__faults          set the plan (JSON; {} clears it)        -> 200 the plan in force
//   GET /__faults/stats    what the proxy saw, as stats() returns it
//   POST /__faults/reset   clear the plan and the counters
// All with `Access-Control-Allow-Origin: *` and preflights answered, so specs can call it.
//
// A plan: { calls?: Fault[], then?: Fault }. The n-th PutRecords call after the plan is set gets
// calls[n] (if there is one), every later call gets `then` (default 'pass'). A Fault is one of
//   'pass'                                               forward unchanged
//   { status: 500, type: 'InternalFailure' }             answer the whole call with this error
//   { drop: true }                                       destroy the connection, answer nothing
//                                                        (connections are never reused, so that
//                                                        the browser reports it, not retries it)
//   { failEvery: 3, errorCode?: 'ProvisionedThroughputExceededException' }
//                                                        records 0, 3, 6... of the call fail
import { createServer, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';

export const CONTROL_PREFIX = '/__faults';
export const RECORD_ERROR_CODES = ['ProvisionedThroughputExceededException', 'InternalFailure'];

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const AMZ_JSON = 'application/x-amz-json-1.1';
const EXPOSE_HEADERS =
  'x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date';
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

const urlFor = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** Checks a plan and fills in defaults; throws an Error that says what is wrong. */
export function normalizePlan(plan) {
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan))
    throw new Error('A plan is an object: { calls?: Fault[], then?: Fault }.');
  for (const key of Object.keys(plan))
    if (key !== 'calls' && key !== 'then') throw new Error(`Unknown plan key "${key}".`);
  if (plan.calls !== undefined && !Array.isArray(plan.calls))
    throw new Error('calls must be an array of faults.');
  return {
    calls: (plan.calls ?? []).map(normalizeFault),
    then: normalizeFault(plan.then ?? 'pass'),
  };
}

function normalizeFault(fault) {
  if (fault === 'pass') return 'pass';
  if (fault && typeof fault === 'object') {
    if (fault.drop === true) return { drop: true };
    if (Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599) {
      return {
        status: fault.status,
        type:
          typeof fault.type === 'string'
            ? fault.type
            : fault.status >= 500
              ? 'InternalFailure'
              : 'ThrottlingException',
      };
    }
    if (Number.isInteger(fault.failEvery) && fault.failEvery >= 1) {
      const errorCode = fault.errorCode ?? RECORD_ERROR_CODES[0];
      if (!RECORD_ERROR_CODES.includes(errorCode))
        throw new Error(`errorCode must be one of ${RECORD_ERROR_CODES.join(', ')}.`);
      return { failEvery: fault.failEvery, errorCode };
    }
  }
  throw new Error(
    `Not a fault: ${JSON.stringify(fault)}. Use 'pass', { status, type }, { drop: true } or { failEvery, errorCode }.`,
  );
}

function emptyStats() {
  return { requests: 0, putRecordsCalls: [] };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function corsHeaders(req) {
  return req.headers.origin
    ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSE_HEADERS }
    : {};
}

function sendJson(req, res, status, body, extraHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': AMZ_JSON,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...corsHeaders(req),
    ...extraHeaders,
  });
  res.end(text);
}

/**
 * Starts the proxy in front of `target` (kinesalite's endpoint); resolves to { endpoint,
 * controlEndpoint, setFaults(plan), stats(), reset(), close() }.
 */
export async function startKinesisFaultProxy({ target, host = '127.0.0.1', port = 0 }) {
  const upstream = new URL(target);
  let plan = normalizePlan({});
  let callsSincePlan = 0;
  let stats = emptyStats();

  const setFaults = (newPlan) => {
    plan = normalizePlan(newPlan);
    callsSincePlan = 0;
    return structuredClone(plan);
  };
  const reset = () => {
    setFaults({});
    stats = emptyStats();
  };

  /** Sends `body` to kinesalite with the request's headers; resolves to { status, headers, body }. */
  function forward(req, body) {
    return new Promise((resolve, reject) => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
      );
      headers['content-length'] = String(body.length);
      const upstreamRequest = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent: false,
        },
        (upstreamResponse) => {
          readBody(upstreamResponse).then(
            (responseBody) =>
              resolve({
                status: upstreamResponse.statusCode,
                headers: upstreamResponse.headers,
                body: responseBody,
              }),
            reject,
          );
        },
      );
      upstreamRequest.on('error', reject);
      upstreamRequest.end(body);
    });
  }

  function relay(res, { status, headers, body }) {
    const kept = Object.fromEntries(
      Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)),
    );
    kept['content-length'] = String(body.length);
    res.writeHead(status, kept);
    res.end(body);
  }

  async function putRecords(req, res, body) {
    const fault = plan.calls[callsSincePlan] ?? plan.then;
    callsSincePlan++;
    let input;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      input = undefined;
    }
    const records = Array.isArray(input?.Records) ? input.Records : [];
    const call = {
      records: records.length,
      bodyBytes: body.length,
      fault: 'pass',
      failed: 0,
      partitionKeys: [...new Set(records.map((r) => r.PartitionKey))],
    };
    stats.putRecordsCalls.push(call);

    if (fault === 'pass' || !input) return relay(res, await forward(req, body));
    if (fault.drop) {
      call.fault = 'drop';
      req.socket.destroy();
      return;
    }
    if (fault.status) {
      call.fault = `${fault.status} ${fault.type}`;
      call.failed = records.length;
      return sendJson(
        req,
        res,
        fault.status,
        { __type: fault.type, message: `Fault proxy: ${fault.type} for the whole call.` },
        { 'x-amzn-ErrorType': fault.type },
      );
    }
    // failEvery: take the failing records out, store the rest, and merge the answers in order.
    call.fault = `failEvery ${fault.failEvery} ${fault.errorCode}`;
    const fails = records.map((_, index) => index % fault.failEvery === 0);
    const kept = records.filter((_, index) => !fails[index]);
    call.failed = records.length - kept.length;
    let stored = [];
    if (kept.length > 0) {
      const answer = await forward(req, Buffer.from(JSON.stringify({ ...input, Records: kept })));
      if (answer.status !== 200) return relay(res, answer);
      stored = JSON.parse(answer.body.toString('utf8')).Records;
    }
    let next = 0;
    const merged = records.map((_, index) =>
      fails[index]
        ? { ErrorCode: fault.errorCode, ErrorMessage: `Fault proxy: ${fault.errorCode}.` }
        : stored[next++],
    );
    return sendJson(req, res, 200, { FailedRecordCount: call.failed, Records: merged });
  }

  async function control(req, res) {
    const headers = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...headers,
        'Access-Control-Allow-Methods': 'GET, PUT, POST, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    const path = req.url.slice(CONTROL_PREFIX.length).split('?')[0];
    const reply = (status, value) => {
      res.writeHead(status, headers);
      res.end(JSON.stringify(value));
    };
    if (path === '' && req.method === 'PUT') {
      try {
        return reply(200, setFaults(JSON.parse((await readBody(req)).toString('utf8') || '{}')));
      } catch (error) {
        return reply(400, { error: error.message });
      }
    }
    if (path === '/stats' && req.method === 'GET') return reply(200, stats);
    if (path === '/reset' && req.method === 'POST') {
      reset();
      return reply(200, {});
    }
    return reply(404, {
      error: `No ${req.method} ${req.url} here: PUT ${CONTROL_PREFIX}, GET ${CONTROL_PREFIX}/stats or POST ${CONTROL_PREFIX}/reset.`,
    });
  }

  const server = createServer(async (req, res) => {
    // One connection per request: a browser sends a request again by itself when a reused
    // connection drops, and a { drop: true } fault would then never reach the page.
    res.shouldKeepAlive = false;
    try {
      if (req.url.startsWith(CONTROL_PREFIX)) return await control(req, res);
      stats.requests++;
      const body = await readBody(req);
      const isPutRecords =
        req.method === 'POST' && req.headers['x-amz-target'] === 'Kinesis_20131202.PutRecords';
      if (isPutRecords) return await putRecords(req, res, body);
      return relay(res, await forward(req, body));
    } catch (error) {
      if (!res.headersSent)
        sendJson(req, res, 502, {
          __type: 'InternalFailure',
          message: `Fault proxy: ${error.message}`,
        });
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const endpoint = urlFor(host, server.address().port);
  return {
    /** Where a Kinesis client goes to meet the faults. */
    endpoint,
    /** The control API (PUT a plan, GET /stats, POST /reset). */
    controlEndpoint: `${endpoint}${CONTROL_PREFIX}`,
    /** Sets the plan; returns it with defaults filled in. */
    setFaults,
    /** What the proxy saw since the last reset: every PutRecords call, its records and its fault. */
    stats: () => structuredClone(stats),
    /** Clears the plan and the counters. */
    reset,
    /** Stops the proxy. */
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
