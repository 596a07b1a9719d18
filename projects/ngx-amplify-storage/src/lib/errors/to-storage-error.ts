import { StorageError } from './storage-error';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Turns whatever an S3 call threw into a StorageError whose message says what to do.
 * `what` names the object or path, as the caller gave it.
 */
export function toStorageError(error: unknown, what: string, endpoint: string): StorageError {
  if (error instanceof StorageError) return error;
  const sdkError = (error ?? {}) as SdkError;
  const status = sdkError.$metadata?.httpStatusCode;
  const attempts = (error as { attempts?: number } | undefined)?.attempts;
  const tries = attempts && attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
  const name = sdkError.name ?? 'Error';
  if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') {
    return new StorageError(
      'NotFound',
      `No object at ${what}. Check the key, level and identityId.`,
      {
        status: 404,
        cause: error,
      },
    );
  }
  if (status === 403 || name === 'AccessDenied') {
    return new StorageError(
      'AccessDenied',
      name === 'AccessDenied'
        ? `Access denied to ${what}: the current identity's policy does not allow this call at this level.`
        : `Access denied to ${what}: S3 refused the request's credentials or signature (${name}). Sign in again, or check the clock and the endpoint.`,
      { status: 403, cause: error },
    );
  }
  if (error instanceof TypeError || (status === undefined && name === 'NetworkError')) {
    return new StorageError(
      'NetworkError',
      `Could not reach S3 at ${endpoint}${tries}. Check the network, the endpoint, and that the bucket's CORS rules allow this origin.`,
      { cause: error },
    );
  }
  return new StorageError(
    'ServiceError',
    `S3 refused the call on ${what}: ${name}: ${sdkError.message ?? ''}${tries}`.trim(),
    {
      status,
      cause: error,
    },
  );
}
