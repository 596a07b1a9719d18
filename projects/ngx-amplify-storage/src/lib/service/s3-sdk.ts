// The module the library loads with import() on its first S3 call, and so the lazy boundary:
// everything here (and what it imports) stays out of an app's initial bundle.
//
// The commands are re-exported by name: `import('@aws-sdk/client-s3')` is a namespace import, which
// keeps all of client-s3's commands, waiters and paginators in the chunk (issue 13: about
// 8.8 kB transfer, 48 kB raw). Add a command here when an operation starts sending it.
export {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
