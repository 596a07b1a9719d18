// CORS headers for the answers the gateway writes itself (errors, DeleteObjects results): what
// the S3 server adds to its own answers for the same origin, from the bucket's CORS rules; for
// answers outside any bucket, from the configured origins. Other origins get nothing.
import { XMLParser } from 'fast-xml-parser';
import { corsConfigurationXml, originMatcher } from './cors.mjs';

const parser = new XMLParser({ isArray: () => true, parseTagValue: false });

// The bucket's CORS rules as s3rver matches them (lib/models/config.js): an origin pattern may
// hold one '*', methods match exactly.
function parseCorsRules(xml) {
  const config = parser.parse(xml)?.CORSConfiguration?.[0] ?? {};
  return (config.CORSRule ?? []).map((rule) => ({
    matchesOrigin: originMatcher((rule.AllowedOrigin ?? []).map(String)),
    allowedMethods: (rule.AllowedMethod ?? []).map(String),
    exposeHeaders: (rule.ExposeHeader ?? []).map(String),
    maxAgeSeconds: rule.MaxAgeSeconds?.[0],
  }));
}

async function bucketRules({ upstream, bucket }) {
  try {
    const host = upstream.host.includes(':') ? `[${upstream.host}]` : upstream.host;
    const res = await fetch(`http://${host}:${upstream.port}/${encodeURIComponent(bucket)}?cors`);
    const text = await res.text();
    return res.ok ? parseCorsRules(text) : [];
  } catch {
    return [];
  }
}

/** The CORS response headers for a request from `origin` (none for an origin not allowed). */
export async function corsHeadersFor({ upstream, corsOrigins, origin, method, bucket }) {
  if (!origin) return {};
  const rules = bucket
    ? await bucketRules({ upstream, bucket })
    : parseCorsRules(corsConfigurationXml(corsOrigins));
  const rule = rules.find(
    (r) => r.matchesOrigin(origin) && r.allowedMethods.includes(method.toUpperCase()),
  );
  if (!rule) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    ...(rule.exposeHeaders.length && {
      'Access-Control-Expose-Headers': rule.exposeHeaders.join(', '),
    }),
    ...(rule.maxAgeSeconds !== undefined && { 'Access-Control-Max-Age': rule.maxAgeSeconds }),
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}
