import type {
  $Command,
  S3ClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { AwsCredentials } from '../credentials/credentials-provider';
import type { SdkHttpRequest, SdkHttpResponse } from '../transport/browser-http-handler';

/** An S3 command whose input is `Input` and whose output is `Output` (what S3Client.send takes). */
// The SDK's own command class, as client-s3 re-exports it: no direct @smithy import, so the
// published package depends on nothing its bundles do not load.
export type S3Command<
  Input extends ServiceInputTypes,
  Output extends ServiceOutputTypes,
> = $Command<Input, Output, S3ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes>;

/**
 * Sends one S3 command with the call's retries and credentials, and resolves to that command's
 * output. `makeCommand` is called per attempt; `onProgress` receives the bytes moved by the
 * current attempt.
 */
export type SendCommand = <Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
  makeCommand: () => S3Command<Input, Output>,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number | undefined) => void,
) => Promise<Output>;

/**
 * Sends one request that carries its own authority (a presigned URL, no signed headers, so the
 * browser sends it as a simple request, without a CORS preflight), with the call's retries, turn
 * in the request limit and credential renewal. `makeRequest` is called per attempt with the
 * credentials then in force. Resolves to a 2xx response; other statuses are thrown as S3 errors.
 */
export type SendPresigned = (
  makeRequest: (credentials: AwsCredentials) => SdkHttpRequest,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number | undefined) => void,
) => Promise<SdkHttpResponse>;
