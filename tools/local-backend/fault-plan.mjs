// The fault proxy's plans (fault-proxy.mjs): which faults exist, how requests are named, how a
// plan is checked, and which rule fires for a request. Pure functions, no I/O.
import { randomBytes } from 'node:crypto';

/**
 * Faults a rule can inject:
 * - drop-mid-body: reset the connection part-way through the request body; S3 never sees it.
 * - status-500 / slowdown-503: answer an S3 error; S3 never sees the request.
 * - delay: hold the request `delayMs`, then go on (adds up with the other rules).
 * - hold: hold the request until `release()` (POST /__faults/release), then go on.
 * - lose-response: forward the request, let S3 answer in full, then reset the client's
 *   connection: S3 did the work, the client never hears of it.
 * - cut-response-body: forward the request, pass the response's status, headers and its first
 *   `afterBytes` body bytes (by default half of them) to the client, then reset the connection.
 */
export const FAULTS = [
  'drop-mid-body',
  'status-500',
  'slowdown-503',
  'delay',
  'hold',
  'lose-response',
  'cut-response-body',
];
/** Faults that let the request go on (after a wait) rather than end the search for one. */
const WAITS = new Set(['delay', 'hold']);
/** Faults whose `afterBytes` says where the cut comes. */
const CUTS = new Set(['drop-mid-body', 'cut-response-body']);

export const KINDS = [
  'putPart',
  'putObject',
  'createMultipart',
  'completeMultipart',
  'abortMultipart',
  'deleteObject',
  'get',
  'head',
  'list',
  'preflight',
  'other',
];

const RULE_KEYS = new Set(['match', 'fault', 'rate', 'every', 'times', 'delayMs', 'afterBytes']);
const MATCH_KEYS = new Set(['method', 'query', 'path', 'kind']);
const PLAN_KEYS = new Set(['rules', 'seed', 'bytesPerSecond']);

const isCount = (n) => Number.isInteger(n) && n >= 0;

/** True for faults that hold a request back and then let it go on. */
export const isWait = (fault) => WAITS.has(fault);

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What an S3 request does, from its method and path-style URL: one of KINDS. */
export function requestKind(method, url) {
  const at = url.indexOf('?');
  const pathname = at === -1 ? url : url.slice(0, at);
  const query = new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
  const hasKey = /^\/[^/]+\/./.test(pathname);
  if (method === 'OPTIONS') return 'preflight';
  if (method === 'PUT' && query.has('partNumber')) return 'putPart';
  if (method === 'PUT' && hasKey) return 'putObject';
  if (method === 'POST' && query.has('uploads')) return 'createMultipart';
  if (method === 'POST' && query.has('uploadId')) return 'completeMultipart';
  if (method === 'DELETE' && query.has('uploadId')) return 'abortMultipart';
  if (method === 'DELETE' && hasKey) return 'deleteObject';
  // ListObjects(V2), ListMultipartUploads (bucket level) and ListParts (?uploadId on a key).
  if (method === 'GET' && (!hasKey || query.has('uploadId'))) return 'list';
  if (method === 'GET' && hasKey) return 'get';
  if (method === 'HEAD' && hasKey) return 'head';
  return 'other';
}

function checkKeys(object, allowed, what) {
  if (object === null || typeof object !== 'object' || Array.isArray(object))
    throw new TypeError(`${what} must be an object`);
  // A misspelt option would otherwise silently leave a spec without its fault.
  for (const key of Object.keys(object))
    if (!allowed.has(key)) throw new TypeError(`${what}: unknown option "${key}"`);
}

function normalizeRule(rule, i) {
  const what = `rules[${i}]`;
  checkKeys(rule, RULE_KEYS, what);
  const { match = {}, fault, rate, every, times, delayMs, afterBytes } = rule;
  checkKeys(match, MATCH_KEYS, `${what}.match`);
  for (const key of ['method', 'query', 'path'])
    if (match[key] !== undefined && typeof match[key] !== 'string')
      throw new TypeError(`${what}.match.${key} must be a string`);
  if (match.kind !== undefined && !KINDS.includes(match.kind))
    throw new TypeError(`${what}.match.kind must be one of ${KINDS.join(', ')}`);
  if (!FAULTS.includes(fault))
    throw new TypeError(`${what}.fault must be one of ${FAULTS.join(', ')}`);
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1))
    throw new TypeError(`${what}.rate must be a number from 0 to 1`);
  if (every !== undefined && !(isCount(every) && every > 0))
    throw new TypeError(`${what}.every must be a positive integer`);
  if (times !== undefined && !isCount(times))
    throw new TypeError(`${what}.times must be a non-negative integer`);
  if (fault === 'delay' ? !isCount(delayMs) : delayMs !== undefined)
    throw new TypeError(`${what}.delayMs: a non-negative integer, for (and only for) 'delay'`);
  if (afterBytes !== undefined && !(CUTS.has(fault) && isCount(afterBytes)))
    throw new TypeError(
      `${what}.afterBytes: a non-negative integer, only for ${[...CUTS].map((f) => `'${f}'`).join(' and ')}`,
    );
  const normalized = structuredClone(rule);
  if (match.method) normalized.match.method = match.method.toUpperCase();
  return normalized;
}

/** Checks a fault plan; returns a normalized copy (seed included), or throws a TypeError. */
export function normalizePlan(plan) {
  plan ??= {};
  checkKeys(plan, PLAN_KEYS, 'plan');
  const { rules = [], seed, bytesPerSecond } = plan;
  if (!Array.isArray(rules)) throw new TypeError('plan.rules must be an array');
  if (seed !== undefined && !Number.isInteger(seed))
    throw new TypeError('plan.seed must be an integer');
  if (bytesPerSecond !== undefined && !(typeof bytesPerSecond === 'number' && bytesPerSecond > 0))
    throw new TypeError('plan.bytesPerSecond must be a positive number');
  return {
    rules: rules.map(normalizeRule),
    // Without a seed we pick one and report it, so a failing rate-based run can be replayed.
    seed: seed ?? randomBytes(4).readUInt32BE(),
    ...(bytesPerSecond !== undefined && { bytesPerSecond }),
  };
}

/** True when a rule's `match` (method, kind, path or query substring) fits the request. */
export function ruleMatches(match = {}, request) {
  return (
    (!match.method || match.method === request.method) &&
    (!match.kind || match.kind === request.kind) &&
    (!match.path ||
      request.path.includes(match.path) ||
      request.decodedPath.includes(match.path)) &&
    (!match.query || request.query.includes(match.query))
  );
}

/** Counts the match, then decides: `times` left, every `every`th match, with probability `rate`. */
export function ruleFires(rule, counters, random) {
  counters.matches++;
  if (rule.times !== undefined && counters.injected >= rule.times) return false;
  if (rule.every !== undefined && counters.matches % rule.every !== 0) return false;
  if (rule.rate !== undefined && !(random() < rule.rate)) return false;
  counters.injected++;
  return true;
}
