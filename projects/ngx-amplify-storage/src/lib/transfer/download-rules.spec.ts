// The pure rules of downloads and of the request limit: what the first answer tells, how a
// presigned GET is shaped, which host a request counts against, and how an S3 error body reads.
import { classifyFailure } from './retry-policy';
import { requestHost, responseError } from '../service/s3-session';
import { metadataOf, presignedGet, sizeFromFirstResponse } from './ranged-download';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' };
const location = {
  bucket: 'my-bucket',
  key: 'public/a b.txt',
  region: 'eu-west-1',
  endpoint: 'http://127.0.0.1:4568',
  forcePathStyle: true,
};

describe('sizeFromFirstResponse', () => {
  it('takes a 200 as the whole object, and the size a 206 names in Content-Range', () => {
    expect(sizeFromFirstResponse(200, undefined, 1234, 100)).toBe(1234);
    expect(sizeFromFirstResponse(206, 'bytes 0-99/1234', 100, 100)).toBe(1234);
  });

  it('takes a short range as the whole object, and knows nothing of a full one with the size hidden', () => {
    expect(sizeFromFirstResponse(206, undefined, 40, 100)).toBe(40);
    expect(sizeFromFirstResponse(206, undefined, 100, 100)).toBeUndefined();
    // An unknown total (`*`) is as good as hidden.
    expect(sizeFromFirstResponse(206, 'bytes 0-99/*', 100, 100)).toBeUndefined();
  });
});

describe('metadataOf', () => {
  it('gives the x-amz-meta-* headers by metadata key, and nothing else', () => {
    expect(
      metadataOf({ 'x-amz-meta-description': 'trip', etag: '"e"', 'content-type': 'text/plain' }),
    ).toEqual({ description: 'trip' });
  });
});

describe('presignedGet', () => {
  it('signs per call, with the credentials given, and sends no header but an optional Range', () => {
    const request = presignedGet(location, 'bytes=0-9')(credentials);
    expect(request.method).toBe('GET');
    expect(`${request.protocol}//${request.hostname}:${request.port}`).toBe(location.endpoint);
    expect(request.path).toBe('/my-bucket/public/a%20b.txt');
    expect(request.headers).toEqual({ range: 'bytes=0-9' });
    expect(request.query?.['X-Amz-Security-Token']).toBe('token');
    expect(request.query?.['x-id']).toBe('GetObject');
    expect(request.query?.['response-cache-control']).toBe('no-store');
    expect(presignedGet(location, undefined)(credentials).headers).toEqual({});
  });
});

describe('requestHost', () => {
  it('counts path-style requests against the endpoint, virtual-hosted ones against the bucket host', () => {
    expect(requestHost(location)).toBe('127.0.0.1:4568');
    expect(
      requestHost({ ...location, endpoint: undefined, forcePathStyle: false, region: 'us-east-1' }),
    ).toBe('my-bucket.s3.us-east-1.amazonaws.com');
  });
});

describe('responseError', () => {
  it('reads S3’s Code and Message, shaped so retries and errors treat it as the SDK’s', async () => {
    const body = new Blob([
      '<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Reduce your rate.</Message></Error>',
    ]);
    const error = await responseError({ statusCode: 503, headers: {}, body });
    expect(error.name).toBe('SlowDown');
    expect(error.message).toBe('Reduce your rate.');
    expect(classifyFailure(error)).toBe('retry');
  });

  it('names a bodiless failure by its status', async () => {
    const error = await responseError({
      statusCode: 404,
      reason: 'Not Found',
      headers: {},
      body: new Uint8Array(),
    });
    expect(error.name).toBe('Http404');
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(
      404,
    );
    expect(classifyFailure(error)).toBe('fail');
  });
});
