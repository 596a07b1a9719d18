// End to end: StorageService against the local S3 backend, tracking to kinesalite through
// withTracking(kinesisSink(...)), with the app's own (Cognito) credentials.
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import {
  CognitoCredentials,
  StorageService,
  provideAmplifyStorage,
  transferResult,
  withTracking,
} from 'ngx-amplify-storage';
import { localSettings, uniquePath } from '../spec-support/local-backend';
import { injectKinesisSink, kinesisSink } from './kinesis-sink';
import { KINESIS_REGION, createTestStream, localKinesis, readStream } from './kinesis-spec-helpers';

describe('Tracking to Kinesis, end to end', () => {
  it('puts an event for each tracked put, get and list in the stream, signed with the Cognito identity', async () => {
    const stream = await createTestStream(2);
    TestBed.configureTestingModule({
      providers: [
        provideAmplifyStorage(
          { ...localSettings(), track: true },
          withTracking(
            kinesisSink({
              streamName: stream,
              region: KINESIS_REGION,
              endpoint: localKinesis().kinesisEndpoint,
            }),
          ),
        ),
      ],
    });
    const storage = TestBed.inject(StorageService);
    const sink = TestBed.runInInjectionContext(injectKinesisSink);
    expect(sink)
      .withContext('injectKinesisSink() finds the sink given to withTracking()')
      .toBeDefined();
    const path = uniquePath('kinesis-tracking');
    const signatures: string[] = [];
    const realFetch = window.fetch.bind(window);
    spyOn(window, 'fetch').and.callFake((input: RequestInfo | URL, init?: RequestInit) => {
      if (
        input instanceof Request &&
        input.headers.get('x-amz-target') === 'Kinesis_20131202.PutRecords'
      ) {
        signatures.push(input.headers.get('authorization') ?? '');
      }
      return realFetch(input, init);
    });

    await firstValueFrom(
      storage.put(`${path}note.txt`, 'top secret content').pipe(transferResult()),
    );
    const { url } = await firstValueFrom(storage.get(`${path}note.txt`));
    await firstValueFrom(storage.list(path));
    await expectAsync(
      firstValueFrom(storage.get(`${path}missing.txt`, { validateObjectExistence: true })),
    ).toBeRejected();
    await firstValueFrom(storage.get(`${path}untracked.txt`, { track: false }));
    await sink!.flush();

    const records = await readStream(stream);
    expect(records.map(({ data }) => [data.method, data.result, data.level, data.key])).toEqual([
      ['put', 'success', 'public', `${path}note.txt`],
      ['get', 'success', 'public', `${path}note.txt`],
      ['list', 'success', 'public', path],
      ['get', 'NotFound', 'public', `${path}missing.txt`],
    ]);
    expect(records[0].data.size).toBe('top secret content'.length);
    expect(records.every((record) => record.partitionKey === sink!.sessionKey)).toBeTrue();
    expect([sink!.sent(), sink!.failed(), sink!.dropped()]).toEqual([4, 0, 0]);

    // Nothing in the stream that the event type does not hold: no credentials, URLs or content.
    const identity = await TestBed.inject(CognitoCredentials).getIdentity();
    const wire = JSON.stringify(records);
    for (const secret of [
      identity.credentials.accessKeyId,
      identity.credentials.secretAccessKey,
      identity.credentials.sessionToken!,
      url,
      'X-Amz-',
      'top secret',
    ]) {
      expect(wire).not.toContain(secret);
    }
    // The calls were signed with the app's storage credentials: the Cognito identity's.
    expect(signatures.length).toBeGreaterThan(0);
    for (const signature of signatures)
      expect(signature).toContain(`Credential=${identity.credentials.accessKeyId}/`);
  });

  it('injectKinesisSink() is undefined when no Kinesis sink was given', () => {
    TestBed.configureTestingModule({
      providers: [
        provideAmplifyStorage(localSettings(), withTracking({ record: () => undefined })),
      ],
    });
    expect(TestBed.runInInjectionContext(injectKinesisSink)).toBeUndefined();
  });
});
