import { TestBed } from '@angular/core/testing';
import { StorageError } from '../errors/storage-error';
import { provideAmplifyStorage } from '../provide-amplify-storage';
import { StorageService } from '../service/storage.service';
import { toStorageSettings, validateStorageConfig } from './storage-config';

const POOL = 'eu-west-1:12345678-1234-4234-8234-123456789012';

function failure(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    return error as StorageError;
  }
  throw new Error('expected an error');
}

describe('storage configuration', () => {
  it('reads the aws-exports shape', () => {
    const config = validateStorageConfig(
      toStorageSettings({
        aws_user_files_s3_bucket: 'my-bucket',
        aws_user_files_s3_bucket_region: 'eu-west-1',
        aws_cognito_identity_pool_id: POOL,
        aws_cognito_region: 'eu-west-1',
      }),
    );
    expect(config).toEqual(
      jasmine.objectContaining({
        bucket: 'my-bucket',
        region: 'eu-west-1',
        identityPoolId: POOL,
        identityRegion: 'eu-west-1',
        level: 'public',
        track: false,
        forcePathStyle: false,
      }),
    );
  });

  it("reads the manual { Auth, Storage } shape, and Amplify's nested AWSS3", () => {
    const manual = validateStorageConfig(
      toStorageSettings({
        Auth: {
          identityPoolId: POOL,
          region: 'eu-west-1',
          userPoolId: 'eu-west-1_abc',
          userPoolWebClientId: 'client',
        },
        Storage: {
          bucket: 'b-1',
          region: 'us-east-2',
          level: 'protected',
          customPrefix: { public: '' },
          track: true,
        },
      }),
    );
    expect(manual).toEqual(
      jasmine.objectContaining({
        bucket: 'b-1',
        region: 'us-east-2',
        level: 'protected',
        customPrefix: { public: '' },
        track: true,
        userPoolId: 'eu-west-1_abc',
      }),
    );
    const nested = validateStorageConfig(
      toStorageSettings({ Storage: { AWSS3: { bucket: 'b-2', region: 'us-west-2' } } }),
    );
    expect(nested.bucket).toBe('b-2');
  });

  it('takes endpoint and forcePathStyle for S3-compatible servers', () => {
    const config = validateStorageConfig({
      bucket: 'b-3',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4568',
      forcePathStyle: true,
    });
    expect(config.endpoint).toBe('http://127.0.0.1:4568');
    expect(config.forcePathStyle).toBeTrue();
  });

  it('takes the identity region from the pool ID when none is given', () => {
    expect(
      validateStorageConfig({ bucket: 'b-4', region: 'us-east-1', identityPoolId: POOL })
        .identityRegion,
    ).toBe('eu-west-1');
  });

  const bad: [string, object, string, RegExp][] = [
    ['no bucket', { region: 'us-east-1' }, 'bucket', /bucket is missing/],
    [
      'an empty aws-exports bucket',
      { aws_user_files_s3_bucket: '', aws_user_files_s3_bucket_region: 'us-east-1' },
      'bucket',
      /bucket is missing/,
    ],
    [
      'a bucket name with capitals',
      { bucket: 'My_Bucket', region: 'us-east-1' },
      'bucket',
      /not a valid S3 bucket name/,
    ],
    ['no region', { bucket: 'b-5' }, 'region', /AWS region such as 'us-east-1'/],
    ['a bad region', { bucket: 'b-5', region: 'Frankfurt' }, 'region', /"Frankfurt"/],
    [
      'a malformed identity pool ID',
      { bucket: 'b-5', region: 'us-east-1', identityPoolId: 'us-east-1-1234' },
      'identityPoolId',
      /looks like/,
    ],
    [
      'a pool ID without a region',
      {
        Auth: { identityPoolId: '12345678-1234-4234-8234-123456789012' },
        Storage: { bucket: 'b-5', region: 'us-east-1' },
      },
      'identityPoolId',
      /identity pool ID/,
    ],
    [
      'a bad identity region',
      {
        Auth: { identityPoolId: POOL, region: 'west' },
        Storage: { bucket: 'b-5', region: 'us-east-1' },
      },
      'identityRegion',
      /aws_cognito_region/,
    ],
    [
      'a bad level',
      { bucket: 'b-5', region: 'us-east-1', level: 'secret' },
      'level',
      /'public', 'protected' or 'private'/,
    ],
    [
      'an endpoint that is not a URL',
      { bucket: 'b-5', region: 'us-east-1', endpoint: 'localhost:4568' },
      'endpoint',
      /http\(s\) URL/,
    ],
    [
      'a non-boolean forcePathStyle',
      { bucket: 'b-5', region: 'us-east-1', forcePathStyle: 'yes' },
      'forcePathStyle',
      /true or false/,
    ],
    [
      'a customPrefix that escapes',
      { bucket: 'b-5', region: 'us-east-1', customPrefix: { private: '../' } },
      'customPrefix.private',
      /'\.\.'/,
    ],
  ];
  for (const [what, input, field, message] of bad) {
    it(`fails on ${what}, naming the field`, () => {
      const error = failure(() => validateStorageConfig(toStorageSettings(input as never)));
      expect(error).toBeInstanceOf(StorageError);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    });
  }

  it('rejects a configuration that is not an object', () => {
    expect(failure(() => toStorageSettings('bucket' as never)).code).toBe('InvalidConfig');
  });

  describe('through the service', () => {
    it('fails at provide time when the initial configuration is malformed', () => {
      TestBed.configureTestingModule({
        providers: [provideAmplifyStorage({ bucket: 'b-6', region: 'nowhere' })],
      });
      expect(() => TestBed.inject(StorageService)).toThrowMatching(
        (e) => e.code === 'InvalidConfig' && e.field === 'region',
      );
    });

    it('merges configure() into the current configuration', () => {
      TestBed.configureTestingModule({
        providers: [provideAmplifyStorage({ Storage: { bucket: 'b-7', region: 'us-east-1' } })],
      });
      const storage = TestBed.inject(StorageService);
      const merged = storage.configure({ level: 'private' });
      expect(merged.level).toBe('private');
      expect(merged.bucket).toBe('b-7');
    });

    it('keeps the old configuration when configure() is given a bad one', () => {
      TestBed.configureTestingModule({
        providers: [provideAmplifyStorage({ bucket: 'b-8', region: 'us-east-1' })],
      });
      const storage = TestBed.inject(StorageService);
      expect(() => storage.configure({ region: 'moon-1' })).toThrowMatching(
        (e) => e.field === 'region',
      );
      expect(storage.configure({ level: 'protected' }).region).toBe('us-east-1');
    });

    it('fails configure() without a bucket when none was provided', () => {
      TestBed.configureTestingModule({ providers: [provideAmplifyStorage()] });
      expect(() => TestBed.inject(StorageService).configure({ level: 'private' })).toThrowMatching(
        (e) => e.code === 'NoBucket',
      );
    });
  });
});
