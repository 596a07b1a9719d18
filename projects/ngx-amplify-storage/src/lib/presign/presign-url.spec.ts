import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { localBackend } from '../../../spec-support/local-backend';
import { ObjectLocation, objectUrl, presignGetUrl } from './presign-url';

const credentials = {
  accessKeyId: 'ASIAEXAMPLEKEY123456',
  secretAccessKey: 'c2VjcmV0L2tleStAaGVyZQ',
  sessionToken: 'token/with+chars=',
};
const signingDate = new Date(Date.UTC(2026, 10, 28, 10, 15, 30));

async function sdkUrl(
  location: ObjectLocation,
  expiresIn: number,
  withToken = true,
): Promise<string> {
  const client = new S3Client({
    region: location.region,
    endpoint: location.endpoint,
    forcePathStyle: location.forcePathStyle,
    // As StorageService configures its client: no checksum query parameter on GETs.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: withToken
      ? credentials
      : { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  });
  return getSignedUrl(
    client,
    new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    { expiresIn, signingDate },
  );
}

describe('presignGetUrl', () => {
  const cases: [string, ObjectLocation][] = [
    [
      'a virtual-hosted AWS bucket',
      { bucket: 'my-bucket', key: 'public/cat.jpg', region: 'eu-west-1', forcePathStyle: false },
    ],
    [
      'a path-style custom endpoint',
      {
        bucket: 'local-bucket',
        key: 'private/us-east-1:abc/a b/ü+%.txt',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4568',
        forcePathStyle: true,
      },
    ],
    [
      'a bucket with dots',
      {
        bucket: 'my.dotted.bucket',
        key: "protected/id/(it's)*!~.png",
        region: 'us-west-2',
        forcePathStyle: false,
      },
    ],
    [
      'an endpoint with a base path',
      {
        bucket: 'b-1',
        key: 'k',
        region: 'us-east-1',
        endpoint: 'https://storage.example.com/s3',
        forcePathStyle: true,
      },
    ],
  ];
  for (const [what, location] of cases) {
    it(`signs exactly as getSignedUrl does, for ${what}`, async () => {
      expect(presignGetUrl(location, credentials, 900, signingDate)).toBe(
        await sdkUrl(location, 900),
      );
    });
  }

  it('signs without a session token, and with a long validity', async () => {
    const location = cases[0][1];
    const { sessionToken: _, ...longTerm } = credentials;
    expect(presignGetUrl(location, longTerm, 604800, signingDate)).toBe(
      await sdkUrl(location, 604800, false),
    );
  });

  it('addresses objects on the local backend so that they can be fetched', () => {
    const backend = localBackend();
    const { origin, path } = objectUrl({
      bucket: backend.bucket,
      key: 'public/a b.txt',
      region: backend.region,
      endpoint: backend.s3Endpoint,
      forcePathStyle: true,
    });
    expect(`${origin}${path}`).toBe(`${backend.s3Endpoint}/${backend.bucket}/public/a%20b.txt`);
  });
});
