import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import { errorOf } from '../../../spec-support/async';
import {
  localBackend,
  localSettings,
  loginsFor,
  patternedBytes,
  uniquePath,
} from '../../../spec-support/local-backend';
import { CognitoCredentials } from '../credentials/cognito-credentials';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { StorageError } from '../errors/storage-error';
import { EXPOSE_HEADERS_WITH_ETAG, missingETag } from './multipart-upload';

const MiB = 1024 * 1024;

describe("the seed's CORS rule as written (ExposeHeaders without ETag)", () => {
  function storageOnSeedRuleBucket(): StorageService {
    TestBed.configureTestingModule({
      providers: [
        provideAmplifyStorage({ ...localSettings(), bucket: localBackend().hiddenETagBucket }),
      ],
    });
    TestBed.inject(CognitoCredentials).setLogins(loginsFor('alice'));
    return TestBed.inject(StorageService);
  }

  it('is the rule the bucket really has: the seed’s headers exposed, ETag not', async () => {
    if (localBackend().s3Server !== 's3rver') pending('reads the rule from s3rver itself');
    const backend = localBackend();
    const rule = await (
      await fetch(`${backend.uncheckedS3Endpoint}/${backend.hiddenETagBucket}?cors`)
    ).text();
    expect(rule).toContain('<ExposeHeader>x-amz-request-id</ExposeHeader>');
    expect(rule).not.toContain('<ExposeHeader>ETag</ExposeHeader>');
  });

  it('fails an upload over 5 MiB with an error naming ExposeHeaders, ETag and the fix', async () => {
    const storage = storageOnSeedRuleBucket();
    const error = (await errorOf(
      storage.put(`${uniquePath('seed-cors')}big.bin`, patternedBytes(6 * MiB)),
    )) as StorageError;
    expect(error.code).toBe('MissingETag');
    expect(error.field).toBe('ExposeHeaders');
    expect(error.message).toContain('"ETag"');
    expect(error.message).toContain('ExposeHeaders');
    expect(error.message).toContain(JSON.stringify(EXPOSE_HEADERS_WITH_ETAG));
  });

  it('still takes uploads up to 5 MiB, which need no ETag', async () => {
    const storage = storageOnSeedRuleBucket();
    const key = `${uniquePath('seed-cors-small')}small.bin`;
    const events = await lastValueFrom(storage.put(key, patternedBytes(MiB)));
    expect(events).toEqual(jasmine.objectContaining({ type: 'result', key }));
  });

  it('names the part in the message', () => {
    expect(missingETag(3).message).toMatch(/^S3 stored part 3 of a multipart upload/);
  });
});
