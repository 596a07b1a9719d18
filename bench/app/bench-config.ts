// An aws-exports-style configuration on the default Cognito identity-pool path, as most apps use it.
export const BENCH_CONFIG = {
  aws_user_files_s3_bucket: 'bench-bucket',
  aws_user_files_s3_bucket_region: 'us-east-1',
  aws_cognito_identity_pool_id: 'us-east-1:0c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  aws_cognito_region: 'us-east-1',
};
