#!/usr/bin/env node
// Prints shell lines that give the AWS CLI (or any SDK) a local user's temporary credentials from
// the running local backend's Cognito Identity stand-in, so real clients can seed and inspect the
// local bucket through the enforcing gateway:
//   eval "$(node tools/local-backend/aws-env.mjs alice)"
//   aws s3 ls s3://ngx-amplify-storage-local/public/ --endpoint-url http://127.0.0.1:4568
// With no user name, the credentials are a new guest's.
import { parseArgs } from 'node:util';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { LOCAL_IDENTITY_POOL_ID, LOCAL_LOGIN_PROVIDER } from './backend.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'identity-endpoint': { type: 'string', default: 'http://127.0.0.1:4569' } },
});
const [user] = positionals;
const region = LOCAL_IDENTITY_POOL_ID.split(':')[0];
// Single quotes keep every character literal in a POSIX shell; a quote inside is closed and escaped.
const quote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;

try {
  const credentials = await fromCognitoIdentityPool({
    identityPoolId: LOCAL_IDENTITY_POOL_ID,
    logins: user ? { [LOCAL_LOGIN_PROVIDER]: user } : undefined,
    clientConfig: { region, endpoint: values['identity-endpoint'] },
  })();
  console.log(`export AWS_ACCESS_KEY_ID=${quote(credentials.accessKeyId)}`);
  console.log(`export AWS_SECRET_ACCESS_KEY=${quote(credentials.secretAccessKey)}`);
  console.log(`export AWS_SESSION_TOKEN=${quote(credentials.sessionToken)}`);
  console.log(`export AWS_DEFAULT_REGION=${quote(region)}`);
  console.log(
    `# ${user ?? 'guest'}: identity ${credentials.identityId}, valid until ${credentials.expiration?.toISOString()}`,
  );
} catch (err) {
  console.error(
    `aws-env: no credentials from ${values['identity-endpoint']} for ${user ?? 'a guest'}: ${err.message}. ` +
      'Is the local backend running (npm start or npm run backend)? Local users are alice and bob.',
  );
  process.exit(1);
}
