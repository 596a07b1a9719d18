// The CompleteMultipartUpload body: a list of { partNumber, etag, checksums } in request order.
// Parsed with fast-xml-parser, the XML parser s3rver itself uses (a dependency of s3rver).
import { createRequire } from 'node:module';
import { S3Error, malformedXml } from './errors.mjs';
import { ALGORITHMS } from './checksums.mjs';

const requireFromS3rver = createRequire(createRequire(import.meta.url).resolve('s3rver'));
const xmlParser = requireFromS3rver('fast-xml-parser');
const he = requireFromS3rver('he');

// 10,000 parts with every checksum fit in well under this; S3 has a similar cap on request XML.
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads a request body of at most MAX_BODY_BYTES as text. */
export async function readXmlBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const text = (value) => (typeof value === 'string' ? value : undefined);

/** The parts a CompleteMultipartUpload body lists, or a thrown MalformedXML. */
export function parseCompleteBody(xml) {
  if (xmlParser.validate(xml) !== true) throw malformedXml();
  const doc = xmlParser.parse(xml, {
    parseNodeValue: false,
    parseTrueNumberOnly: false,
    tagValueProcessor: (value) => he.decode(value),
  });
  const root = doc?.CompleteMultipartUpload;
  if (root === undefined || root === null || typeof root !== 'object' || root.Part === undefined)
    throw malformedXml();
  return [].concat(root.Part).map((part) => {
    if (!part || typeof part !== 'object') throw malformedXml();
    const partNumber = text(part.PartNumber)?.trim();
    const etag = text(part.ETag)?.trim();
    if (!partNumber || !/^\d{1,9}$/.test(partNumber) || etag === undefined) throw malformedXml();
    const checksums = {};
    for (const [algorithm, { xml }] of Object.entries(ALGORITHMS)) {
      if (part[xml] === undefined) continue;
      const value = text(part[xml])?.trim();
      if (value === undefined) throw malformedXml();
      checksums[algorithm] = value;
    }
    // S3 ignores the double quotes around ETags when comparing them.
    return { partNumber: Number(partNumber), etag: etag.replace(/"/g, ''), checksums };
  });
}
