/**
 * Sends one S3 command with the call's retries and credentials. `makeCommand` is called per
 * attempt; `onProgress` receives the bytes moved by the current attempt.
 */
export type SendCommand = <Output>(
  makeCommand: () => object,
  signal: AbortSignal,
  onProgress?: (loaded: number, total: number | undefined) => void,
) => Promise<Output>;
