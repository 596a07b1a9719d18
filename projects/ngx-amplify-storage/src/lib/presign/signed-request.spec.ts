import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { ObjectLocation } from './object-url';
import { headerSignedRequest, presignedBucketGet } from './signed-request';

const credentials = {
  accessKeyId: 'ASIAEXAMPLEKEY123456',
  secretAccessKey: 'c2VjcmV0L2tleStAaGVyZQ',
  sessionToken: 'token/with+chars=',
};
const signingDate = new Date(Date.UTC(2026, 11, 2, 13, 5, 9));

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): Uint8Array =>
  typeof data === 'string'
    ? new TextEncoder().encode(data)
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** SHA-256 and HMAC-SHA256 in the shape SignatureV4 takes, from the hash library the signer uses. */
class NobleSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? sha256.create() : hmac.create(sha256, bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {
    // Not used by SignatureV4's signing; part of its Checksum shape.
  }
}

const locations: [string, ObjectLocation][] = [
  [
    'a virtual-hosted AWS bucket',
    {
      bucket: 'my-bucket',
      key: 'public/a b+c&d/é.txt',
      region: 'eu-west-1',
      forcePathStyle: false,
    },
  ],
  [
    'a path-style endpoint with a port',
    {
      bucket: 'local',
      key: "private/us-east-1:abc/it's (1)*.jpg",
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4569',
      forcePathStyle: true,
    },
  ],
];

describe('headerSignedRequest', () => {
  for (const [what, location] of locations) {
    it(`signs a PUT exactly as the SDK's SignatureV4 does, for ${what}`, async () => {
      const headers = {
        'content-type': 'image/jpeg',
        'cache-control': 'max-age=60',
        'x-amz-meta-album': '  two  spaces ',
      };
      const ours = headerSignedRequest(
        'PUT',
        location,
        headers,
        new Uint8Array(3),
        credentials,
        signingDate,
      );
      const signer = new SignatureV4({
        credentials,
        region: location.region,
        service: 's3',
        sha256: NobleSha256,
        uriEscapePath: false,
      });
      const host = location.endpoint
        ? new URL(location.endpoint).host
        : `${location.bucket}.s3.${location.region}.amazonaws.com`;
      const sdk = await signer.sign(
        {
          method: 'PUT',
          protocol: ours.protocol,
          hostname: ours.hostname,
          port: ours.port,
          path: ours.path,
          query: {},
          headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
        },
        { signingDate },
      );
      expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
      expect(ours.headers['x-amz-date']).toBe(sdk.headers['x-amz-date']);
      expect(ours.headers['x-amz-security-token']).toBe(credentials.sessionToken);
      // The attempt's id goes unsigned, so a proxy may read it but a resend stays valid.
      expect(ours.headers['amz-sdk-invocation-id']).toMatch(/\S/);
      expect(ours.headers['authorization']).not.toContain('amz-sdk-invocation-id');
    });
  }

  it('addresses the object as the SDK does, path and host', async () => {
    const [, location] = locations[1];
    const ours = headerSignedRequest('PUT', location, {}, undefined, credentials, signingDate);
    const url = new URL(
      await getSignedUrl(
        new S3Client({
          region: location.region,
          endpoint: location.endpoint,
          forcePathStyle: true,
          credentials,
        }),
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
      ),
    );
    expect(`${ours.protocol}//${ours.hostname}:${ours.port}${ours.path}`).toBe(
      `${url.protocol}//${url.host}${url.pathname}`,
    );
  });
});

describe('presignedBucketGet', () => {
  for (const [what, location] of locations) {
    it(`presigns a ListObjectsV2 page exactly as getSignedUrl does, for ${what}`, async () => {
      const client = new S3Client({
        region: location.region,
        endpoint: location.endpoint,
        forcePathStyle: location.forcePathStyle,
        credentials,
      });
      const sdkUrl = new URL(
        await getSignedUrl(
          client,
          new ListObjectsV2Command({
            Bucket: location.bucket,
            Prefix: 'public/a b&c/',
            MaxKeys: 1000,
            ContinuationToken: 'token+/=',
            Delimiter: '/',
          }),
          { expiresIn: 900, signingDate },
        ),
      );
      const ours = presignedBucketGet(
        location,
        {
          'list-type': '2',
          prefix: 'public/a b&c/',
          'max-keys': '1000',
          'continuation-token': 'token+/=',
          delimiter: '/',
        },
        credentials,
        signingDate,
      );
      expect(ours.headers).toEqual({});
      expect(
        `${ours.protocol}//${ours.hostname}${ours.port ? `:${ours.port}` : ''}${ours.path}`,
      ).toBe(`${sdkUrl.origin}${sdkUrl.pathname}`);
      expect(ours.query).toEqual(Object.fromEntries(sdkUrl.searchParams));
    });
  }
});
