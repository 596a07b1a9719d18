// An aws-exports file as the Amplify CLI writes it; `ng add ngx-amplify-storage` reads it.
const awsmobile = {
  aws_project_region: 'eu-west-1',
  aws_cognito_identity_pool_id: 'eu-west-1:12345678-1234-1234-1234-123456789012',
  aws_cognito_region: 'eu-west-1',
  aws_user_files_s3_bucket: 'consumer-angular22-files',
  aws_user_files_s3_bucket_region: 'eu-west-1',
};

export default awsmobile;
