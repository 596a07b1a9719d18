// Run with: node --test tools/local-backend/
// The gateway's readers on their own, one rule per case: what each accepts, what it refuses and
// how it writes the result again. The attack tests drive the same code through the backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkStorableNames,
  parseCopySource,
  parsePartNumber,
  upstreamPath,
} from './gateway/names.mjs';
import { checkCorsOrigins, originMatcher } from './gateway/cors.mjs';
import {
  formatCompleteBody,
  formatDeleteBody,
  keysAsS3rverReads,
  parseCompleteBody,
  parseDeleteBody,
} from './gateway/xml-bodies.mjs';

const code = (fn) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err.code ?? err.message;
  }
};
const keysOf = (xml) => parseDeleteBody(Buffer.from(xml)).objects.map((o) => o.key);

test('DeleteObjects XML: entities, references, CDATA, comments and whitespace as XML 1.0 reads them', () => {
  assert.deepEqual(keysOf('<Delete><Object><Key>a&amp;b&lt;&#x41;&#66;</Key></Object></Delete>'), [
    'a&b<AB',
  ]);
  assert.deepEqual(keysOf('<Delete><Object><Key><![CDATA[&amp;<x>]]></Key></Object></Delete>'), [
    '&amp;<x>',
  ]);
  assert.deepEqual(keysOf('<Delete><Object><Key>a<!-- b -->c</Key></Object></Delete>'), ['ac']);
  assert.deepEqual(keysOf('<Delete>\n  <Object >\n <Key > spaced </Key >\n</Object>\n</Delete>'), [
    ' spaced ',
  ]);
  for (const bad of [
    '<Delete><Object><Key>&period;</Key></Object></Delete>', // HTML, not XML
    '<Delete><Object><Key>a & b</Key></Object></Delete>',
    '<Delete><Object><Key>&#0;</Key></Object></Delete>',
    '<!DOCTYPE Delete><Delete><Object><Key>k</Key></Object></Delete>',
    '<Delete xmlns="urn:other"><Object><Key>k</Key></Object></Delete>',
    '<Delete><Object><Key>k</Key></Object>text</Delete>',
    '<Delete><Object><Key></Key></Object></Delete>',
    '<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>',
    '<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Object><s3:Key>k</s3:Key></s3:Object></s3:Delete>',
    '<Delete><Object><Key>k</Key></Object>',
  ]) {
    assert.equal(
      code(() => parseDeleteBody(Buffer.from(bad))),
      'MalformedXML',
      bad,
    );
  }
  assert.equal(
    code(() => parseDeleteBody(Buffer.from([0x3c, 0xff, 0x3e]))),
    'MalformedXML',
    'not UTF-8',
  );
});

test('DeleteObjects XML is written canonically, and s3rver reads back exactly the keys written', () => {
  const keys = ['public/a&b', 'public/<\'">', 'public/é 漢字', 'public/line\nbreak'];
  const body = formatDeleteBody({ quiet: true, objects: keys.map((key) => ({ key })) });
  assert.match(
    body.toString(),
    /^<\?xml version="1.0" encoding="UTF-8"\?><Delete xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><Quiet>true<\/Quiet><Object><Key>public\/a&amp;b<\/Key>/,
  );
  assert.deepEqual(
    parseDeleteBody(body).objects.map((o) => o.key),
    keys,
  );
  assert.deepEqual(keysAsS3rverReads(body), keys);
  // Where s3rver's reader would differ, the check sees it.
  assert.notDeepEqual(
    keysAsS3rverReads(formatDeleteBody({ objects: [{ key: ' x ' }, { key: '1e3' }] })),
    [' x ', '1e3'],
  );
});

test('CompleteMultipartUpload XML: part numbers, ETags and checksums checked, written canonically', () => {
  const parsed = parseCompleteBody(
    Buffer.from(
      '<CompleteMultipartUpload><Part><ETag>&quot;0123456789ABCDEF0123456789abcdef&quot;</ETag><PartNumber>2</PartNumber><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>',
    ),
  );
  assert.deepEqual(parsed.parts, [
    {
      partNumber: 2,
      eTag: '0123456789abcdef0123456789abcdef',
      checksums: { ChecksumCRC32: 'AAAAAA==' },
    },
  ]);
  assert.equal(
    formatCompleteBody(parsed).toString(),
    '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>2</PartNumber><ETag>"0123456789abcdef0123456789abcdef"</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></CompleteMultipartUpload>',
  );
  const part = (inner) =>
    Buffer.from(`<CompleteMultipartUpload><Part>${inner}</Part></CompleteMultipartUpload>`);
  assert.equal(
    code(() =>
      parseCompleteBody(
        part('<PartNumber>0</PartNumber><ETag>"0123456789abcdef0123456789abcdef"</ETag>'),
      ),
    ),
    'InvalidArgument',
  );
  assert.equal(
    code(() => parseCompleteBody(part('<PartNumber>1</PartNumber><ETag>../../x</ETag>'))),
    'InvalidPart',
  );
  assert.equal(
    code(() => parseCompleteBody(part('<PartNumber>1</PartNumber>'))),
    'MalformedXML',
  );
});

test('copy sources: URL-decoded once, nothing but versionId after the key, key rules apply', () => {
  assert.deepEqual(parseCopySource('/b-1/public/a%3Fb%20c.txt'), {
    bucket: 'b-1',
    key: 'public/a?b c.txt',
    versionId: undefined,
  });
  assert.deepEqual(parseCopySource('b-1/k?versionId=null'), {
    bucket: 'b-1',
    key: 'k',
    versionId: 'null',
  });
  for (const bad of [
    'b-1/k?x=1',
    'b-1/k?versionId=1&x=2',
    'b-1/k?/../../x',
    'b-1/public/../private/x',
    'b-1',
    'b-1/',
    '/b-1/%E2%82',
    'B_1/k',
  ]) {
    assert.ok(
      ['InvalidArgument', 'InvalidBucketName'].includes(code(() => parseCopySource(bad))),
      bad,
    );
  }
});

test('keys, part numbers and upstream paths', () => {
  for (const key of ['a/./b', 'a/../b', 'a//b', 'a\0b', 'x'.repeat(1025)])
    assert.notEqual(
      code(() => checkStorableNames({ key })),
      'ok',
      key,
    );
  assert.equal(
    code(() => checkStorableNames({ key: 'folder/' })),
    'ok',
  );
  assert.deepEqual(['1', '10000'].map(parsePartNumber), [1, 10000]);
  for (const bad of ['0', '10001', '01', '+1', '1 ', 'x'])
    assert.equal(
      code(() => parsePartNumber(bad)),
      'InvalidArgument',
      bad,
    );
  assert.equal(upstreamPath('b-1', "a b/c:d/!'()*"), '/b-1/a%20b/c%3Ad/%21%27%28%29%2A');
});

test('CORS origins: exact or one wildcard, never a bare *', () => {
  const allowed = originMatcher(checkCorsOrigins(['http://localhost:4200', 'http://127.0.0.1:*']));
  assert.deepEqual(
    [
      'http://localhost:4200',
      'http://127.0.0.1:9876',
      'http://localhost:4201',
      'https://evil.example',
      undefined,
    ].map(allowed),
    [true, true, false, false, false],
  );
  for (const bad of [['*'], [], ['http://a/*'], ['localhost:4200'], ['http://*.*']])
    assert.throws(() => checkCorsOrigins(bad), JSON.stringify(bad));
});
