import type {
  S3ClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { Command } from '@smithy/types';

/** An S3 command whose input is `Input` and whose output is `Output` (what S3Client.send takes). */
export type S3Command<Input extends ServiceInputTypes, Output extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  Input,
  ServiceOutputTypes,
  Output,
  S3ClientResolvedConfig
>;

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
