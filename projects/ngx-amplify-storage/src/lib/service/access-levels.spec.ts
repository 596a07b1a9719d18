// The access levels as the server enforces them (the local backend's gateway evaluates the role
// policies of infra/policies), observed through the library in Chromium.
import { TestBed } from '@angular/core/testing';
import { Observable, firstValueFrom, lastValueFrom } from 'rxjs';
import { errorOf, until } from '../../../spec-support/async';
import {
  AppCredentials,
  fetchUncached,
  localBackend,
  localSettings,
  loginsFor,
  uncheckedGet,
  uncheckedPut,
  uniquePath,
} from '../../../spec-support/local-backend';
import { StorageCredentialsProvider } from '../credentials/credentials-provider';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { StorageError } from '../errors/storage-error';
import { provideAmplifyStorage, withCredentialsProvider } from '../provide-amplify-storage';
import { StorageService } from './storage.service';
import { GetUrlOptions, PutOptions, transferResult } from './storage-types';

type Caller = 'guest' | 'alice' | 'bob';
type Place = 'public' | 'protected own' | "protected other's" | 'private own' | "private other's";

/**
 * What each caller may do at each place, as infra/policies say (guests may write public/, the
 * default): P put, G get a presigned URL and fetch it, D download, L list, R remove; '-' denied.
 * "Other's" is alice's for the guest and for bob, bob's for alice.
 */
const EXPECTED: Record<Caller, Record<Place, string>> = {
  guest: {
    public: 'PGDLR',
    'protected own': '-GDL-',
    "protected other's": '-GDL-',
    'private own': '-----',
    "private other's": '-----',
  },
  alice: {
    public: 'PGDLR',
    'protected own': 'PGDLR',
    "protected other's": '-GDL-',
    'private own': 'PGDLR',
    "private other's": '-----',
  },
  bob: {
    public: 'PGDLR',
    'protected own': 'PGDLR',
    "protected other's": '-GDL-',
    'private own': 'PGDLR',
    "private other's": '-----',
  },
};
const OTHER: Record<Caller, Caller> = { guest: 'alice', alice: 'bob', bob: 'alice' };

/** How one place is reached: its folder (full key prefix), and the options that read and write it. */
interface Target {
  folder: string;
  read: GetUrlOptions;
  write: PutOptions;
}

/**
 * The five places of a caller. Reads name another's folder with `identityId`. `put` and `remove`
 * have no `identityId` (the library only writes the caller's own folders), so writes to another's
 * folder use a custom public prefix that is that folder: the library then signs, with the caller's
 * own credentials, exactly the request a client aiming at another's files would send.
 */
function placesOf(self: string, other: string): Record<Place, Target> {
  const own = (level: 'protected' | 'private'): Target => ({
    folder: `${level}/${self}/`,
    read: { level },
    write: { level },
  });
  const others = (level: 'protected' | 'private'): Target => ({
    folder: `${level}/${other}/`,
    read: { level, identityId: other },
    write: { level: 'public', customPrefix: { public: `${level}/${other}/` } },
  });
  return {
    public: { folder: 'public/', read: { level: 'public' }, write: { level: 'public' } },
    'protected own': own('protected'),
    "protected other's": others('protected'),
    'private own': own('private'),
    "private other's": others('private'),
  };
}

/** The identity ID of a local user (or of a new guest), from the local identity service. */
async function identityIdOf(user: string): Promise<string> {
  return (await new AppCredentials(user).getIdentity()).identityId as string;
}

/** A StorageService signed in as `caller` through the default Cognito code path. */
async function signIn(caller: Caller): Promise<{ storage: StorageService; identityId: string }> {
  TestBed.configureTestingModule({ providers: [provideAmplifyStorage(localSettings())] });
  const storage = TestBed.inject(StorageService);
  const cognito = TestBed.inject(CognitoCredentials);
  if (caller === 'guest') cognito.clearLogins();
  else cognito.setLogins(loginsFor(caller));
  return { storage, identityId: (await firstValueFrom(storage.identityId())) as string };
}

/** S3's error code in an XML error response. */
async function s3ErrorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]*)<\/Code>/.exec(await response.text())?.[1];
}

/** The S3 error name that a StorageError came from. */
function causeName(error: StorageError): string | undefined {
  return (error.cause as { name?: string } | undefined)?.name;
}

/**
 * Tries put, get URL (fetched), download, list and remove at one place through the library;
 * returns the letters of what was allowed. A denied call must fail with AccessDenied and leave
 * the stored objects as they were (checked on the S3 server itself, past the gateway).
 */
async function tryEverything(
  storage: StorageService,
  target: Target,
  label: string,
): Promise<string> {
  const path = uniquePath('matrix');
  const seedKey = `${path}seed.txt`;
  const putKey = `${path}put.txt`;
  await uncheckedPut(target.folder + seedKey, 'seed');
  const outcome = async (letter: string, call: Promise<unknown>, what: string): Promise<string> => {
    try {
      await call;
      return letter;
    } catch (error) {
      const context = `${label}: ${what}`;
      expect(error).withContext(context).toBeInstanceOf(StorageError);
      expect((error as StorageError).code)
        .withContext(`${context}: ${(error as Error).message}`)
        .toBe('AccessDenied');
      expect((error as StorageError).status)
        .withContext(context)
        .toBe(403);
      return (error as StorageError).code === 'AccessDenied' ? '-' : '?';
    }
  };
  let letters = '';

  letters += await outcome(
    'P',
    lastValueFrom(storage.put(putKey, 'written', target.write).pipe(transferResult())),
    'put',
  );
  const stored = await uncheckedGet(target.folder + putKey);
  expect(stored.status)
    .withContext(`${label}: stored after put`)
    .toBe(letters === 'P' ? 200 : 404);
  if (letters === 'P')
    expect(await stored.text())
      .withContext(`${label}: put`)
      .toBe('written');

  const { url } = await firstValueFrom(storage.get(seedKey, target.read));
  const response = await fetchUncached(url);
  if (response.status === 200) {
    expect(await response.text())
      .withContext(`${label}: fetched`)
      .toBe('seed');
    letters += 'G';
  } else {
    expect(response.status).withContext(`${label}: URL fetched`).toBe(403);
    expect(await s3ErrorCode(response))
      .withContext(`${label}: URL fetched`)
      .toBe('AccessDenied');
    letters += '-';
  }

  letters += await outcome(
    'D',
    lastValueFrom(
      storage.get(seedKey, { ...target.read, download: true }).pipe(transferResult()),
    ).then(async (result) =>
      expect(await result.body.text())
        .withContext(`${label}: downloaded`)
        .toBe('seed'),
    ),
    'download',
  );

  letters += await outcome(
    'L',
    firstValueFrom(storage.list(path, target.read)).then((listed) =>
      expect(listed.items.map((item) => item.key))
        .withContext(`${label}: listed`)
        .toContain(seedKey),
    ),
    'list',
  );

  const removed = await outcome(
    'R',
    firstValueFrom(storage.remove(seedKey, target.write)),
    'remove',
  );
  letters += removed;
  expect((await uncheckedGet(target.folder + seedKey)).status)
    .withContext(`${label}: stored after remove`)
    .toBe(removed === 'R' ? 404 : 200);
  return letters;
}

describe('access levels enforced by the server, through the library', () => {
  for (const caller of ['guest', 'alice', 'bob'] as Caller[]) {
    it(`${caller}: put, get URL, download, list and remove at every place, as the policies say`, async () => {
      const other = await identityIdOf(OTHER[caller]);
      const { storage, identityId } = await signIn(caller);
      expect(identityId).not.toBe(other);
      const observed: Partial<Record<Place, string>> = {};
      for (const [place, target] of Object.entries(placesOf(identityId, other)) as [
        Place,
        Target,
      ][]) {
        observed[place] = await tryEverything(storage, target, `${caller}, ${place}`);
      }
      expect(observed).toEqual(EXPECTED[caller]);
    }, 60_000);
  }
});

describe('requests the server rejects, with S3 error codes', () => {
  it('rejects a presigned URL whose signature was tampered with: SignatureDoesNotMatch', async () => {
    const { storage } = await signIn('alice');
    const key = `${uniquePath('tampered')}a.txt`;
    await lastValueFrom(storage.put(key, 'genuine'));
    const { url } = await firstValueFrom(storage.get(key));
    expect(await (await fetchUncached(url)).text()).toBe('genuine');

    const tampered = new URL(url);
    const signature = tampered.searchParams.get('X-Amz-Signature') as string;
    const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
    tampered.searchParams.set('X-Amz-Signature', flipped);
    const response = await fetchUncached(tampered.toString());
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');

    // Changing what was signed is the same as changing the signature: here, the key.
    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace(/a\.txt$/, 'b.txt');
    const moved = await fetchUncached(otherKey.toString());
    expect(moved.status).toBe(403);
    expect(await s3ErrorCode(moved)).toBe('SignatureDoesNotMatch');
  });

  it('rejects a presigned URL once it has expired: AccessDenied', async () => {
    const { storage } = await signIn('alice');
    const key = `${uniquePath('expired')}a.txt`;
    await lastValueFrom(storage.put(key, 'short-lived'));
    const { url, expiresAt } = await firstValueFrom(storage.get(key, { expires: 1 }));
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('1');
    // The server, not the clock here, says when the URL has expired.
    const response = await until(
      () => fetchUncached(url),
      (answer) => answer.status !== 200,
      'the URL to expire',
      expiresAt.getTime() - Date.now() + 10_000,
    );
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(text).toContain('Request has expired');
  });

  it("rejects one identity's credentials on another's private folder: AccessDenied", async () => {
    const alice = await signIn('alice');
    const path = uniquePath('private');
    await lastValueFrom(alice.storage.put(`${path}diary.txt`, 'dear diary', { level: 'private' }));
    TestBed.resetTestingModule();
    const bob = await signIn('bob');
    const theirs = { level: 'private' as const, identityId: alice.identityId };

    const aliceFolder = { customPrefix: { public: `private/${alice.identityId}/` } };
    for (const [what, call] of [
      ['download', bob.storage.get(`${path}diary.txt`, { ...theirs, download: true })],
      ['list', bob.storage.list(path, theirs)],
      ['put', bob.storage.put(`${path}diary.txt`, 'overwritten', aliceFolder)],
      ['remove', bob.storage.remove(`${path}diary.txt`, aliceFolder)],
    ] as [string, Observable<unknown>][]) {
      const error = await errorOf(call);
      expect(error.code).withContext(what).toBe('AccessDenied');
      expect(error.status).withContext(what).toBe(403);
      expect(causeName(error)).withContext(what).toBe('AccessDenied');
    }
    // A HEAD (validateObjectExistence) is refused the same way; its answer has no body to name the code.
    const head = await errorOf(
      bob.storage.get(`${path}diary.txt`, { ...theirs, validateObjectExistence: true }),
    );
    expect(head.code).toBe('AccessDenied');
    expect(head.status).toBe(403);
    const response = await fetchUncached(
      (await firstValueFrom(bob.storage.get(`${path}diary.txt`, theirs))).url,
    );
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('AccessDenied');
    expect(await (await uncheckedGet(`private/${alice.identityId}/${path}diary.txt`)).text()).toBe(
      'dear diary',
    );
  });

  it('rejects unsigned requests: AccessDenied', async () => {
    const { storage } = await signIn('alice');
    const key = `${uniquePath('unsigned')}a.txt`;
    await lastValueFrom(storage.put(key, 'kept'));
    const { s3Endpoint, bucket } = localBackend();
    const objectUrl = `${s3Endpoint}/${bucket}/public/${key}`;
    for (const [what, request] of [
      ['GET', fetchUncached(objectUrl)],
      ['PUT', fetchUncached(objectUrl, { method: 'PUT', body: 'replaced' })],
      ['DELETE', fetchUncached(objectUrl, { method: 'DELETE' })],
      ['list', fetchUncached(`${s3Endpoint}/${bucket}?list-type=2&prefix=public/`)],
    ] as [string, Promise<Response>][]) {
      const response = await request;
      expect(response.status).withContext(what).toBe(403);
      expect(await s3ErrorCode(response))
        .withContext(what)
        .toBe('AccessDenied');
    }
    expect(await (await uncheckedGet(`public/${key}`)).text()).toBe('kept');
  });

  it('rejects credentials the identity service never issued: InvalidAccessKeyId', async () => {
    const forged: StorageCredentialsProvider = {
      getIdentity: () =>
        Promise.resolve({
          credentials: {
            accessKeyId: 'ASIAFORGED0000000000',
            secretAccessKey: 'x'.repeat(40),
            sessionToken: 'forged',
          },
          identityId: `${localBackend().region}:00000000-0000-4000-8000-000000000000`,
        }),
    };
    TestBed.configureTestingModule({
      providers: [
        provideAmplifyStorage(
          { ...localSettings(), identityPoolId: undefined },
          withCredentialsProvider(() => forged),
        ),
      ],
    });
    const storage = TestBed.inject(StorageService);
    const error = await errorOf(storage.list(''));
    expect(error.code).toBe('AccessDenied');
    expect(causeName(error)).toBe('InvalidAccessKeyId');
    const response = await fetchUncached((await firstValueFrom(storage.get('anything.txt'))).url);
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('InvalidAccessKeyId');
  });
});
