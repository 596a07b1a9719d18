import { bucketRegionOf, mergeStorageConfig, validateStorageConfig } from './storage-config';

const POOL = 'eu-central-1:12345678-1234-1234-1234-123456789012';

describe('the bucket region falls back to the Auth region', () => {
  it('picks the given region, else the Auth region, else the pool ID region', () => {
    expect(bucketRegionOf('us-east-2', 'eu-west-1', 'eu-central-1')).toBe('us-east-2');
    expect(bucketRegionOf(undefined, 'eu-west-1', 'eu-central-1')).toBe('eu-west-1');
    expect(bucketRegionOf('', 'eu-west-1', undefined)).toBe('eu-west-1');
    expect(bucketRegionOf(undefined, undefined, 'eu-central-1')).toBe('eu-central-1');
    expect(bucketRegionOf(undefined, undefined, undefined)).toBeUndefined();
    // A region given but wrong is not replaced: its error must reach the developer.
    expect(bucketRegionOf('Frankfurt', 'eu-west-1', undefined)).toBe('Frankfurt');
  });

  it('aws-exports without aws_user_files_s3_bucket_region: aws_cognito_region', () => {
    const config = mergeStorageConfig(
      {},
      { aws_user_files_s3_bucket: 'photos-1', aws_cognito_region: 'eu-west-1' },
    );
    expect(config.region).toBe('eu-west-1');
  });

  it('aws-exports with an empty bucket region, as unfinished set-ups write it', () => {
    const config = mergeStorageConfig(
      {},
      {
        aws_user_files_s3_bucket: 'photos-1',
        aws_user_files_s3_bucket_region: '',
        aws_cognito_identity_pool_id: POOL,
      },
    );
    expect(config.region).toBe('eu-central-1');
  });

  it('aws-exports with both regions keeps the bucket region', () => {
    const config = mergeStorageConfig(
      {},
      {
        aws_user_files_s3_bucket: 'photos-1',
        aws_user_files_s3_bucket_region: 'us-west-2',
        aws_cognito_region: 'eu-west-1',
      },
    );
    expect(config.region).toBe('us-west-2');
    expect(config.identityRegion).toBe('eu-west-1');
  });

  it('{ Auth, Storage } without Storage.region: Auth.region, then the pool ID', () => {
    expect(
      mergeStorageConfig({}, { Auth: { region: 'ap-southeast-2' }, Storage: { bucket: 'b-1' } })
        .region,
    ).toBe('ap-southeast-2');
    expect(
      mergeStorageConfig(
        {},
        { Auth: { identityPoolId: POOL }, Storage: { AWSS3: { bucket: 'b-1' } } },
      ).region,
    ).toBe('eu-central-1');
  });

  it('says what to set when there is no region at all', () => {
    expect(() => validateStorageConfig({ bucket: 'b-1' })).toThrowMatching(
      (error) =>
        error.code === 'InvalidConfig' &&
        error.field === 'region' &&
        /no Auth region to fall back to/.test(error.message) &&
        /aws_cognito_region/.test(error.message),
    );
  });

  it('still refuses a bad bucket region rather than falling back', () => {
    expect(() =>
      validateStorageConfig({ bucket: 'b-1', region: 'Frankfurt', identityRegion: 'eu-west-1' }),
    ).toThrowMatching((error) => error.field === 'region' && /"Frankfurt"/.test(error.message));
  });
});
