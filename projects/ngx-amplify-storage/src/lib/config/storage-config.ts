import { StorageError } from '../errors/storage-error';
import { AccessLevel, CustomPrefix } from '../keys/access-level';
import { assertAccessLevel, assertCustomPrefix } from '../keys/key-rules';

/** The configuration in force, after merging and validation. */
export interface StorageConfig {
  /** S3 bucket name. */
  bucket: string;
  /** Region of the bucket, such as `eu-west-1`. */
  region: string;
  /** Access level of calls that do not name one; default `public`. */
  level: AccessLevel;
  /** Replacement prefixes for the three levels. */
  customPrefix?: CustomPrefix;
  /** Emit a tracking event for every call unless the call says otherwise. */
  track: boolean;
  /** Endpoint of an S3-compatible server, such as `http://127.0.0.1:4568`. */
  endpoint?: string;
  /** Address the bucket in the path rather than the host name (needed by most local servers). */
  forcePathStyle: boolean;
  /** Cognito identity pool that issues credentials, `region:guid`. */
  identityPoolId?: string;
  /** Region of the identity pool; default the region in the pool ID. */
  identityRegion?: string;
  /** Endpoint of a Cognito-compatible identity service (the local backend). */
  identityEndpoint?: string;
  /** Cognito user pool ID, kept for apps that build their `logins` map from it. */
  userPoolId?: string;
  /** Cognito user pool app client ID, kept for the same reason. */
  userPoolWebClientId?: string;
}

/** A partial configuration in the library's own flat shape, as `configure()` takes it. */
export type StorageSettings = Partial<StorageConfig>;

/** The `aws-exports.js` file that the Amplify CLI writes. */
export interface AwsExportsConfig {
  aws_user_files_s3_bucket: string;
  /** Optional, as in the seed: without it, the bucket is taken to be in the Auth region. */
  aws_user_files_s3_bucket_region?: string;
  aws_cognito_identity_pool_id?: string;
  aws_cognito_region?: string;
  aws_user_pools_id?: string;
  aws_user_pools_web_client_id?: string;
}

/** The `{ Auth, Storage }` shape of Amplify's manual configuration. */
export interface ManualStorageConfig {
  /** Where credentials come from. */
  Auth?: {
    identityPoolId?: string;
    region?: string;
    userPoolId?: string;
    userPoolWebClientId?: string;
    /** Endpoint of a Cognito-compatible identity service. */
    endpoint?: string;
  };
  /** Where files go. Amplify's nested `AWSS3: { bucket, region }` is accepted too. */
  Storage: StorageSettings & { AWSS3?: StorageSettings };
}

/** Any configuration shape the library accepts. */
export type AmplifyStorageConfig = AwsExportsConfig | ManualStorageConfig | StorageSettings;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const IDENTITY_POOL_ID =
  /^([a-z]{2}(?:-[a-z]+)+-\d{1,2}):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined values, so that merging never erases a setting by accident. */
function defined<T extends object>(settings: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** Converts any accepted configuration shape into the flat settings shape. */
export function toStorageSettings(input: AmplifyStorageConfig): StorageSettings {
  if (!isRecord(input)) {
    throw new StorageError(
      'InvalidConfig',
      'The storage configuration must be an object: aws-exports, { Auth, Storage } or { bucket, region, ... }.',
    );
  }
  if ('aws_user_files_s3_bucket' in input || 'aws_user_files_s3_bucket_region' in input) {
    const exports = input as AwsExportsConfig;
    return defined({
      bucket: exports.aws_user_files_s3_bucket,
      region: exports.aws_user_files_s3_bucket_region,
      identityPoolId: exports.aws_cognito_identity_pool_id,
      identityRegion: exports.aws_cognito_region,
      userPoolId: exports.aws_user_pools_id,
      userPoolWebClientId: exports.aws_user_pools_web_client_id,
    });
  }
  if ('Storage' in input || 'Auth' in input) {
    const manual = input as ManualStorageConfig;
    if (manual.Storage !== undefined && !isRecord(manual.Storage)) {
      throw new StorageError(
        'InvalidConfig',
        'Storage must be an object such as { bucket, region }.',
        {
          field: 'Storage',
        },
      );
    }
    const { AWSS3, ...storage } = manual.Storage ?? {};
    const auth = manual.Auth ?? {};
    return defined({
      ...defined(storage),
      ...defined(AWSS3 ?? {}),
      identityPoolId: auth.identityPoolId,
      identityRegion: auth.region,
      identityEndpoint: auth.endpoint,
      userPoolId: auth.userPoolId,
      userPoolWebClientId: auth.userPoolWebClientId,
    });
  }
  return defined(input as StorageSettings);
}

function invalid(field: string, problem: string): never {
  throw new StorageError('InvalidConfig', `Storage configuration: ${field} ${problem}`, { field });
}

function checkUrl(field: string, value: unknown): void {
  if (typeof value !== 'string' || !/^https?:\/\/[^/]+/.test(value)) {
    invalid(
      field,
      `is ${JSON.stringify(value)}; give an http(s) URL such as 'http://127.0.0.1:4568'.`,
    );
  }
}

/**
 * The bucket's region: the one given, else the Auth region (as the seed allows, the bucket
 * region is optional), given as `Auth.region` or read from the identity pool ID. An empty string
 * counts as not given, as aws-exports files from unfinished set-ups have it.
 */
export function bucketRegionOf(
  region: unknown,
  authRegion: string | undefined,
  poolRegion: string | undefined,
): unknown {
  return region === undefined || region === '' ? (authRegion ?? poolRegion) : region;
}

/**
 * Validates merged settings and fills in defaults. Every problem names its field,
 * so that a typo in aws-exports is found at start-up rather than at the first upload.
 */
export function validateStorageConfig(settings: StorageSettings): StorageConfig {
  const { bucket, region, identityPoolId, identityRegion } = settings;
  if (bucket === undefined || bucket === '') {
    throw new StorageError(
      'NoBucket',
      'Storage configuration: bucket is missing; set Storage.bucket (or aws_user_files_s3_bucket) to your S3 bucket name.',
      { field: 'bucket' },
    );
  }
  if (typeof bucket !== 'string' || !BUCKET.test(bucket) || bucket.includes('..')) {
    invalid(
      'bucket',
      `${JSON.stringify(bucket)} is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-').`,
    );
  }
  let poolRegion: string | undefined;
  if (identityPoolId !== undefined) {
    const match = typeof identityPoolId === 'string' ? IDENTITY_POOL_ID.exec(identityPoolId) : null;
    if (!match) {
      invalid(
        'identityPoolId',
        `is ${JSON.stringify(identityPoolId)}; a Cognito identity pool ID looks like 'us-east-1:12345678-1234-1234-1234-123456789012'.`,
      );
    }
    poolRegion = match[1];
  }
  if (
    identityRegion !== undefined &&
    (typeof identityRegion !== 'string' || !REGION.test(identityRegion))
  ) {
    invalid(
      'identityRegion',
      `is ${JSON.stringify(identityRegion)}; set Auth.region (or aws_cognito_region) to an AWS region such as 'us-east-1'.`,
    );
  }
  const bucketRegion = bucketRegionOf(region, identityRegion, poolRegion);
  if (typeof bucketRegion !== 'string' || !REGION.test(bucketRegion)) {
    invalid(
      'region',
      bucketRegion === undefined
        ? `is missing, and there is no Auth region to fall back to; set Storage.region (or aws_user_files_s3_bucket_region), or Auth.region (or aws_cognito_region), to an AWS region such as 'us-east-1'.`
        : `is ${JSON.stringify(bucketRegion)}; set Storage.region (or aws_user_files_s3_bucket_region) to an AWS region such as 'us-east-1'.`,
    );
  }
  if (settings.endpoint !== undefined) checkUrl('endpoint', settings.endpoint);
  if (settings.identityEndpoint !== undefined)
    checkUrl('identityEndpoint', settings.identityEndpoint);
  if (settings.forcePathStyle !== undefined && typeof settings.forcePathStyle !== 'boolean') {
    invalid('forcePathStyle', 'must be true or false.');
  }
  if (settings.track !== undefined && typeof settings.track !== 'boolean') {
    invalid('track', 'must be true or false.');
  }
  const level = settings.level === undefined ? 'public' : assertAccessLevel(settings.level);
  const customPrefix =
    settings.customPrefix === undefined ? undefined : assertCustomPrefix(settings.customPrefix);
  return {
    ...settings,
    bucket,
    region: bucketRegion,
    level,
    customPrefix,
    track: settings.track ?? false,
    forcePathStyle: settings.forcePathStyle ?? false,
    identityRegion: identityRegion ?? poolRegion,
  };
}

/** Merges `update` (any accepted shape) over `current` and validates the result. */
export function mergeStorageConfig(
  current: StorageSettings,
  update: AmplifyStorageConfig,
): StorageConfig {
  return validateStorageConfig({ ...current, ...toStorageSettings(update) });
}
