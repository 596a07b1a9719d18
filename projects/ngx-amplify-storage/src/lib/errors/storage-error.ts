/** Every way a storage call can fail; the message of each error says what to do about it. */
export type StorageErrorCode =
  | 'InvalidConfig'
  | 'NoBucket'
  | 'NoCredentials'
  | 'NoIdentity'
  | 'InvalidKey'
  | 'KeyTooLong'
  | 'InvalidIdentityId'
  | 'InvalidLevel'
  | 'InvalidExpires'
  | 'InvalidBody'
  | 'InvalidOption'
  | 'NotFound'
  | 'AccessDenied'
  | 'MissingETag'
  | 'Cancelled'
  | 'ObjectChanged'
  | 'NetworkError'
  | 'ServiceError';

/** A typed error raised by the storage library, never a bare string. */
export class StorageError extends Error {
  /** Machine-readable reason, stable across releases. */
  readonly code: StorageErrorCode;
  /** The configuration field or call argument that was wrong, when there is one. */
  readonly field?: string;
  /** HTTP status of the S3 response, when the error came from the server. */
  readonly status?: number;

  constructor(
    code: StorageErrorCode,
    message: string,
    details: { field?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StorageError';
    this.code = code;
    this.field = details.field;
    this.status = details.status;
  }
}

/** True when `error` is a StorageError, optionally with the given code. */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
