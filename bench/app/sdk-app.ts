// The same app written on the raw AWS SDK v3, as the comparison for the library's total bytes:
// put, a presigned get and list, with credentials from the same Cognito identity pool.
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BENCH_CONFIG } from './bench-config';
import { BENCH_TEMPLATE } from './bench-template';

const Bucket = BENCH_CONFIG.aws_user_files_s3_bucket;
const client = new S3Client({
  region: BENCH_CONFIG.aws_user_files_s3_bucket_region,
  credentials: fromCognitoIdentityPool({
    identityPoolId: BENCH_CONFIG.aws_cognito_identity_pool_id,
    clientConfig: { region: BENCH_CONFIG.aws_cognito_region },
  }),
});

@Component({
  selector: 'bench-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: BENCH_TEMPLATE,
})
export class SdkApp {
  protected readonly status = signal('idle');

  upload(): void {
    this.report(client.send(new PutObjectCommand({ Bucket, Key: 'hello.txt', Body: 'hello' })));
  }

  link(): void {
    this.report(getSignedUrl(client, new GetObjectCommand({ Bucket, Key: 'hello.txt' })));
  }

  listAll(): void {
    this.report(client.send(new ListObjectsV2Command({ Bucket })));
  }

  private report(call: Promise<unknown>): void {
    call.then(
      () => this.status.set('done'),
      (error: Error) => this.status.set(error.message),
    );
  }
}
