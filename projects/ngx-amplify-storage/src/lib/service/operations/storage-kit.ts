import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { TransferOptions } from '../../transfer/transfer-options';
import { TransferQueue } from '../../transfer/transfer-queue';
import { CallTemplate } from '../call-template';
import type { MultipartUploads } from './put-in-parts';

/** What the operations share: the call template, the app-wide queue, the transfer options, the multipart uploads (loaded on first use). */
export interface StorageKit {
  calls: CallTemplate;
  queue: TransferQueue;
  transfers: TransferOptions;
  multipart: Pick<MultipartUploads, 'upload'>;
}

/** The headers a put stores with the object. */
export type ObjectParams = Pick<
  PutObjectCommandInput,
  'ContentType' | 'ContentDisposition' | 'CacheControl' | 'Expires' | 'Metadata'
>;

/** The largest page ListObjectsV2 gives, and the most keys one DeleteObjects takes. */
export const LIST_PAGE_LIMIT = 1000;
