import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import {
  AppCredentials,
  localBackend,
  patternedBytes,
  uniquePath,
} from '../../../spec-support/local-backend';
import { sleep } from '../../../spec-support/async';
import { classifyFailure } from '../transfer/retry-policy';
import {
  BrowserHttpHandler,
  TransferProgress,
  buildQuery,
  cacheMode,
} from './browser-http-handler';

const MiB = 1024 * 1024;
const SIZE = 32 * MiB;

/** What a promise rejects with; fails the spec when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('buildQuery', () => {
  it('encodes as SigV4 signed it (RFC 3986), in the given order, with bare and repeated names', () => {
    expect(
      buildQuery({ prefix: "a b!'()*/é", 'list-type': '2', uploads: null, tag: ['x', 'y'] }),
    ).toBe('prefix=a%20b%21%27%28%29%2A%2F%C3%A9&list-type=2&uploads&tag=x&tag=y');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('cacheMode', () => {
  it('keeps object reads out of the HTTP cache and leaves writes and listings on the default mode', () => {
    expect(cacheMode('GET', { 'x-id': 'GetObject' })).toBe('no-store');
    expect(cacheMode('HEAD')).toBe('no-store');
    expect(cacheMode('GET', { 'list-type': '2', prefix: 'public/' }))
      .withContext('ListObjectsV2')
      .toBeUndefined();
    for (const method of ['PUT', 'POST', 'DELETE'])
      expect(cacheMode(method)).withContext(method).toBeUndefined();
  });
});

describe('BrowserHttpHandler on the local S3 server', () => {
  const key = `public/${uniquePath('transport')}big.bin`;
  let bytes: Uint8Array;
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

  /** An S3 client on a new handler, configured as StorageService configures its own. */
  function clientOn(endpoint: string): { client: S3Client; handler: BrowserHttpHandler } {
    const handler = new BrowserHttpHandler();
    const { region } = localBackend();
    const client = new S3Client({
      region,
      endpoint,
      forcePathStyle: true,
      credentials,
      requestHandler: handler as never,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    return { client, handler };
  }

  /**
   * A GetObject through the 16 MiB/s link, with `listener` watching its progress. As the library's
   * downloads do, it asks S3 to answer no-store: an XHR would otherwise take part of the body from
   * the HTTP cache, filled by the spec before.
   */
  function slowDownload(
    signal: AbortSignal,
    listener: (progress: TransferProgress) => void,
  ): Promise<GetObjectCommandOutput> {
    const { client, handler } = clientOn(localBackend().slowS3Endpoint);
    handler.watch(signal, listener);
    const command = new GetObjectCommand({
      Bucket: localBackend().bucket,
      Key: key,
      ResponseCacheControl: 'no-store',
    });
    return client.send(command, { abortSignal: signal });
  }

  beforeAll(async () => {
    credentials = (await new AppCredentials('alice').getIdentity()).credentials;
    bytes = patternedBytes(SIZE, 7);
    const { client } = clientOn(localBackend().s3Endpoint);
    await client.send(
      new PutObjectCommand({
        Bucket: localBackend().bucket,
        Key: key,
        Body: new Blob([bytes as BlobPart]),
      }),
    );
  });

  it('reports download progress while the body arrives, and hands over the whole body as a Blob', async () => {
    const events: TransferProgress[] = [];
    const output = await slowDownload(new AbortController().signal, (progress) =>
      events.push(progress),
    );
    expect(events.every((event) => event.direction === 'download')).toBeTrue();
    expect(events.some((event) => event.loaded > 0 && event.loaded < SIZE && event.total === SIZE))
      .withContext('a mid-body event with the total')
      .toBeTrue();
    const body = output.Body as unknown as Blob;
    expect(body).toBeInstanceOf(Blob);
    expect(body.size).toBe(SIZE);
    const [head, tail] = await Promise.all([
      body.slice(0, 64).arrayBuffer(),
      body.slice(SIZE - 64).arrayBuffer(),
    ]);
    expect(new Uint8Array(head)).toEqual(bytes.slice(0, 64));
    expect(new Uint8Array(tail)).toEqual(bytes.slice(SIZE - 64));
  });

  it('stops a download at once when its signal is aborted mid-body', async () => {
    const controller = new AbortController();
    const events: TransferProgress[] = [];
    let abortedAt = 0;
    let eventsAtAbort = 0;
    let loadedAtAbort = 0;
    const download = slowDownload(controller.signal, (progress) => {
      events.push(progress);
      if (!abortedAt && progress.loaded >= MiB) {
        // At 16 MiB/s the other half or more would take another second or more.
        expect(progress.loaded).toBeLessThan(SIZE / 2);
        abortedAt = performance.now();
        eventsAtAbort = events.length;
        loadedAtAbort = progress.loaded;
        controller.abort();
      }
    });
    const error = (await rejectionOf(download)) as Error;
    const waited = performance.now() - abortedAt;
    expect(abortedAt).withContext('aborted mid-body').toBeGreaterThan(0);
    expect(error.name).toBe('AbortError');
    expect(classifyFailure(error)).toBe('fail');
    // At once: in under half the time the rest of the body needs on the 16 MiB/s link (about 1 s),
    // a bound set by the link, not by how busy the machine is.
    const restOfBodyMs = ((SIZE - loadedAtAbort) / (16 * MiB)) * 1000;
    expect(waited)
      .withContext('ms from abort() to the rejection')
      .toBeLessThan(restOfBodyMs / 2);
    // A sleep on purpose: the claim is that no progress follows the abort, which cannot be waited
    // for; before it, progress came every few ms.
    await sleep(300);
    expect(events.length).withContext('progress after the abort').toBe(eventsAtAbort);
  });

  it('rejects with a TypeError, which the retry rules retry, when the network fails on either path', async () => {
    // Nothing listens on port 9 (discard) of the loopback: the connection is refused.
    const { client, handler } = clientOn('http://127.0.0.1:9');
    const signal = new AbortController().signal;
    handler.watch(signal, () => undefined);
    const viaXhr = await rejectionOf(
      client.send(new GetObjectCommand({ Bucket: localBackend().bucket, Key: key }), {
        abortSignal: signal,
      }),
    );
    const viaFetch = await rejectionOf(
      client.send(new ListObjectsV2Command({ Bucket: localBackend().bucket, Prefix: 'public/' })),
    );
    for (const error of [viaXhr, viaFetch]) {
      expect(error).toBeInstanceOf(TypeError);
      expect(classifyFailure(error)).toBe('retry');
    }
  });

  it('sends object reads with fetch cache mode no-store, and writes and listings without one', async () => {
    const { client } = clientOn(localBackend().s3Endpoint);
    const fetchSpy = spyOn(window, 'fetch').and.callThrough();
    const small = `public/${uniquePath('transport')}small.txt`;
    const bucket = localBackend().bucket;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: small, Body: 'hello' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: small }));
    await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: small }));
    const modes = fetchSpy.calls.allArgs().map(([, init]) => [init?.method, init?.cache]);
    expect(modes).toEqual([
      ['PUT', undefined],
      ['HEAD', 'no-store'],
      ['GET', undefined],
    ]);
    // A no-store PUT carried the browser's `Cache-Control: no-cache`, and S3 kept it with the object.
    expect(head.CacheControl).withContext("the object's stored Cache-Control").toBeUndefined();
  });

  it('never answers the same listing request from the browser cache: each shows what S3 has now', async () => {
    const { client } = clientOn(localBackend().s3Endpoint);
    const bucket = localBackend().bucket;
    const Prefix = `public/${uniquePath('transport-list')}`;
    const keysNow = async () =>
      (
        (await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix }))).Contents ?? []
      ).map((object) => object.Key);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      const before = await keysNow();
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: `${Prefix}${name}`, Body: name }),
      );
      expect(await keysNow()).toEqual([...before, `${Prefix}${name}`]);
    }
  });
});
