// The two XML request bodies the gateway must understand to authorize: DeleteObjects (every key is
// checked) and CompleteMultipartUpload (the parts). Parsed with fast-xml-parser as an XML 1.0
// reader would (the five predefined entities and character references decoded, CDATA taken
// literally, comments skipped, whitespace kept), then written again in one canonical form, so the
// S3 server behind never sees a body it could read differently. DTDs are refused, as S3 does.
import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../sigv4.mjs';
import { parsePartNumber } from './names.mjs';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const MAX_DELETE_KEYS = 1000;
export const MAX_PARTS = 10000;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const CHECKSUM_ELEMENTS = [
  'ChecksumCRC32',
  'ChecksumCRC32C',
  'ChecksumCRC64NVME',
  'ChecksumSHA1',
  'ChecksumSHA256',
];

export const malformedXml = (why) =>
  new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema' +
      (why ? ` (${why})` : ''),
    400,
  );

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false, // decoded below, strictly, as XML defines them
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});

/** Text with XML's entities decoded: the five predefined ones and character references only. */
function decodeText(text) {
  return text.replace(/&([^;&\s]*);?/g, (whole, name) => {
    if (!whole.endsWith(';')) throw malformedXml("a '&' that starts no entity");
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name];
    if (named) return named;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    const code = m && (m[1] ? parseInt(m[1], 16) : Number(m[2]));
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) throw malformedXml(`the entity ${whole} is not defined`);
    return String.fromCodePoint(code);
  });
}

// preserveOrder output: [{ Name: [children], ':@': { attributes } }, { '#text': '...' }, ...]
const nameOf = (node) => Object.keys(node).find((k) => k !== ':@');

/** The text content of an element: text and CDATA joined, comments skipped, no child elements. */
function textOf(children, element) {
  let text = '';
  for (const child of children) {
    const name = nameOf(child);
    if (name === '#text') text += decodeText(child['#text']);
    else if (name === '#cdata') text += child['#cdata'].map((c) => c['#text'] ?? '').join('');
    else if (name !== '#comment') throw malformedXml(`<${element}> holds an element`);
  }
  return text;
}

/** The child elements of an element with element-only content: [{ name, children }]. */
function elementsOf(children, element) {
  const elements = [];
  for (const child of children) {
    const name = nameOf(child);
    if (name === '#comment') continue;
    if (name === '#text' && /^[ \t\r\n]*$/.test(child['#text'])) continue;
    if (name === '#text' || name === '#cdata') throw malformedXml(`text inside <${element}>`);
    elements.push({ name, children: child[name] });
  }
  return elements;
}

/** Parses a body into its root element { name, children }, refusing what S3 refuses. */
function parseDocument(body) {
  const xml = body.toString('utf8');
  if (!Buffer.from(xml, 'utf8').equals(body)) throw malformedXml('the body is not UTF-8');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformedXml('DTDs are not allowed');
  if (XMLValidator.validate(xml) !== true) throw malformedXml();
  let nodes;
  try {
    nodes = parser.parse(xml);
  } catch {
    throw malformedXml();
  }
  const roots = elementsOf(nodes, 'document');
  if (roots.length !== 1) throw malformedXml('one root element expected');
  const root = roots[0];
  const attributes = nodes.find((n) => nameOf(n) === root.name)?.[':@'] ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== 'xmlns' || value !== S3_XMLNS) throw malformedXml(`attribute ${name}`);
  }
  return root;
}

/** Reads each of `allowed` child element names at most once (more → MalformedXML). */
function fieldsOf(children, element, allowed, required = []) {
  const fields = {};
  for (const { name, children: grandChildren } of elementsOf(children, element)) {
    if (!allowed.includes(name)) throw malformedXml(`<${name}> inside <${element}>`);
    if (name in fields) throw malformedXml(`<${name}> twice inside <${element}>`);
    fields[name] = textOf(grandChildren, name);
  }
  for (const name of required)
    if (!(name in fields)) throw malformedXml(`<${element}> without <${name}>`);
  return fields;
}

export const xmlEscape = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c],
  );

/** Parses a DeleteObjects body: { quiet, objects: [{ key, versionId? }] }. */
export function parseDeleteBody(body) {
  const root = parseDocument(body);
  if (root.name !== 'Delete') throw malformedXml('the root element must be <Delete>');
  let quiet = false;
  let quietSeen = false;
  const objects = [];
  for (const { name, children } of elementsOf(root.children, 'Delete')) {
    if (name === 'Quiet' && !quietSeen) {
      quietSeen = true;
      const value = textOf(children, 'Quiet').trim();
      if (value !== 'true' && value !== 'false')
        throw malformedXml('<Quiet> must be true or false');
      quiet = value === 'true';
    } else if (name === 'Object') {
      const fields = fieldsOf(children, 'Object', ['Key', 'VersionId'], ['Key']);
      if (fields.Key === '') throw malformedXml('an empty <Key>');
      objects.push({ key: fields.Key, versionId: fields.VersionId });
    } else {
      throw malformedXml(`<${name}> inside <Delete>`);
    }
  }
  if (objects.length === 0) throw malformedXml('no <Object>');
  if (objects.length > MAX_DELETE_KEYS) {
    throw malformedXml(`more than ${MAX_DELETE_KEYS} keys; send them in several requests`);
  }
  return { quiet, objects };
}

/** The canonical DeleteObjects body for these objects. */
export function formatDeleteBody({ quiet, objects }) {
  const items = objects
    .map(
      ({ key, versionId }) =>
        `<Object><Key>${xmlEscape(key)}</Key>` +
        (versionId !== undefined ? `<VersionId>${xmlEscape(versionId)}</VersionId>` : '') +
        '</Object>',
    )
    .join('');
  return Buffer.from(
    `${XML_DECLARATION}<Delete xmlns="${S3_XMLNS}">${quiet ? '<Quiet>true</Quiet>' : ''}${items}</Delete>`,
  );
}

/** Parses a CompleteMultipartUpload body: { parts: [{ partNumber, eTag, checksums }] }. */
export function parseCompleteBody(body) {
  const root = parseDocument(body);
  if (root.name !== 'CompleteMultipartUpload') {
    throw malformedXml('the root element must be <CompleteMultipartUpload>');
  }
  const parts = [];
  for (const { name, children } of elementsOf(root.children, 'CompleteMultipartUpload')) {
    if (name !== 'Part') throw malformedXml(`<${name}> inside <CompleteMultipartUpload>`);
    const fields = fieldsOf(
      children,
      'Part',
      ['PartNumber', 'ETag', ...CHECKSUM_ELEMENTS],
      ['PartNumber', 'ETag'],
    );
    const eTag = /^\s*"?([0-9a-fA-F]{32}(?:-\d{1,5})?)"?\s*$/.exec(fields.ETag)?.[1];
    if (!eTag) {
      throw new S3Error(
        'InvalidPart',
        'One or more of the specified parts could not be found.  The part may not have been ' +
          "uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        { ETag: fields.ETag },
      );
    }
    const checksums = {};
    for (const element of CHECKSUM_ELEMENTS) {
      if (fields[element] === undefined) continue;
      if (!/^[A-Za-z0-9+/]{4,88}={0,2}$/.test(fields[element].trim()))
        throw malformedXml(`<${element}> is not base64`);
      checksums[element] = fields[element].trim();
    }
    parts.push({
      partNumber: parsePartNumber(fields.PartNumber.trim()),
      eTag: eTag.toLowerCase(),
      checksums,
    });
  }
  if (parts.length === 0) throw malformedXml('no <Part>');
  if (parts.length > MAX_PARTS) throw malformedXml(`more than ${MAX_PARTS} parts`);
  return { parts };
}

/** The canonical CompleteMultipartUpload body for these parts. */
export function formatCompleteBody({ parts }) {
  const items = parts
    .map(
      ({ partNumber, eTag, checksums }) =>
        `<Part><PartNumber>${partNumber}</PartNumber><ETag>"${eTag}"</ETag>` +
        Object.entries(checksums)
          .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
          .join('') +
        '</Part>',
    )
    .join('');
  return Buffer.from(
    `${XML_DECLARATION}<CompleteMultipartUpload xmlns="${S3_XMLNS}">${items}</CompleteMultipartUpload>`,
  );
}

// s3rver reads DeleteObjects with its own fast-xml-parser 3 (values trimmed, numbers parsed,
// HTML entities decoded). The keys it would read from our canonical body are checked against the
// keys we authorized: a key it would read differently (' x', '1e3', ...) is refused, never sent.
const s3rverRequire = createRequire(createRequire(import.meta.url).resolve('s3rver/package.json'));
const s3rverXml = s3rverRequire('fast-xml-parser');
const he = s3rverRequire('he');

/** The keys s3rver 3.7 would delete for a DeleteObjects body, as it parses it. */
export function keysAsS3rverReads(body) {
  const parsed = s3rverXml.parse(body.toString('utf8'), { tagValueProcessor: (a) => he.decode(a) });
  return [].concat(parsed?.Delete?.Object ?? []).map((o) => String(o?.Key));
}
