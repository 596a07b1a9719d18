import type {
  $Command,
  S3ClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { AwsCredentials } from '../credentials/credentials-provider';
import type { S3Sdk } from '../service/s3-session';
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
 * output. The SDK loads with the first command; `makeCommand` is called per attempt with it.
 * `onProgress` receives the bytes moved by the current attempt.
 */
export type SendCommand = <Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
  makeCommand: (sdk: S3Sdk) => S3Command<Input, Output>,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number | undefined) => void,
) => Promise<Output>;

/**
 * Sends one request the library signed itself, without the SDK: a presigned GET (no signed
 * headers, so the browser sends it as a simple request, without a CORS preflight) or a small PUT
 * signed in its headers. It has the call's retries, turn in the request limit and credential
 * renewal. `makeRequest` is called per attempt with the credentials then in force. Resolves to a
 * 2xx response; other statuses are thrown as S3 errors.
 */
export type SendSigned = (
  makeRequest: (credentials: AwsCredentials) => SdkHttpRequest,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number | undefined) => void,
) => Promise<SdkHttpResponse>;
