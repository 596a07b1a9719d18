// Run with: node --test tools/local-backend/
// The IAM policies of infra/ (the committed JSON, the generator, the CloudFormation template),
// evaluated by a real IAM policy evaluator (@cloud-copilot/iam-simulate). Nothing is mocked.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCfnYaml } from '../../infra/cfn-yaml.mjs';
import {
  BUCKET_PLACEHOLDER,
  POLICY_DIR,
  POLICY_FILES,
  loadPolicies,
  policiesFor,
  renderPolicyFiles,
} from '../../infra/policies.mjs';
import { EXPECTED_ACCESS } from './access-matrix.mjs';
import { createPolicyEvaluator, rolePoliciesFor, validatePolicy } from './policy-evaluator.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUCKET = 'policy-test-bucket';
const POOL = 'us-east-1:0c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
const CALLERS = {
  guest: { identityId: 'us-east-1:99999999-0000-4000-8000-000000000001', user: null },
  alice: { identityId: 'us-east-1:aaaaaaaa-0000-4000-8000-000000000002', user: 'alice' },
  bob: { identityId: 'us-east-1:bbbbbbbb-0000-4000-8000-000000000003', user: 'bob' },
};
// Whose identity "other's" objects belong to, per caller.
const OTHER = { guest: 'alice', alice: 'bob', bob: 'alice' };

const readJson = (file) => JSON.parse(readFileSync(path.join(POLICY_DIR, file), 'utf8'));

async function evaluatorFor(options) {
  return createPolicyEvaluator({
    policies: policiesFor({ bucket: BUCKET, ...options }),
    identityPoolId: POOL,
    loginProvider: 'local.ngx-amplify-storage',
  });
}

/**
 * What a caller may do at one level, as four letters: R GetObject, W PutObject, D DeleteObject,
 * L ListBucket with the level's folder as prefix; '-' where denied.
 */
function capabilities(evaluator, callerName, folder) {
  const caller = CALLERS[callerName];
  const key = `${folder}file.txt`;
  const allowed = (action, resource, context) =>
    evaluator.evaluate(caller, { action, resource, context }).allowed;
  const object = `arn:aws:s3:::${BUCKET}/${key}`;
  return [
    allowed('s3:GetObject', object) ? 'R' : '-',
    allowed('s3:PutObject', object) ? 'W' : '-',
    allowed('s3:DeleteObject', object) ? 'D' : '-',
    allowed('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, { 's3:prefix': folder }) ? 'L' : '-',
  ].join('');
}

/** The five places of the matrix for a caller, as key folders under the given prefixes. */
function folders(callerName, prefixes) {
  const self = CALLERS[callerName].identityId;
  const other = CALLERS[OTHER[callerName]].identityId;
  return {
    public: prefixes.public,
    'protected own': `${prefixes.protected}${self}/`,
    "protected other's": `${prefixes.protected}${other}/`,
    'private own': `${prefixes.private}${self}/`,
    "private other's": `${prefixes.private}${other}/`,
  };
}

function matrix(evaluator, prefixes) {
  const out = {};
  for (const callerName of Object.keys(CALLERS)) {
    out[callerName] = {};
    for (const [place, folder] of Object.entries(folders(callerName, prefixes)))
      out[callerName][place] = capabilities(evaluator, callerName, folder);
  }
  return out;
}

// Amplify's access levels, as the policies must grant them (the gateway tests check the same table).
const EXPECTED = EXPECTED_ACCESS;
const GUEST_READ_ONLY = { ...EXPECTED, guest: { ...EXPECTED.guest, public: 'R--L' } };
const DEFAULT_PREFIXES = { public: 'public/', protected: 'protected/', private: 'private/' };

describe('committed policy documents', () => {
  test('are exactly what policiesFor() generates for the default prefixes', () => {
    const rendered = renderPolicyFiles();
    assert.deepEqual(Object.keys(rendered).sort(), Object.values(POLICY_FILES).sort());
    for (const [file, text] of Object.entries(rendered)) {
      assert.equal(
        readFileSync(path.join(POLICY_DIR, file), 'utf8'),
        text,
        `${file} is stale: run node infra/policies.mjs`,
      );
    }
  });

  test('name the bucket only through the ${BucketName} placeholder, which loading replaces', () => {
    for (const file of Object.values(POLICY_FILES)) {
      const text = readFileSync(path.join(POLICY_DIR, file), 'utf8');
      const resources = JSON.parse(text).Statement.flatMap((s) => s.Resource);
      for (const arn of resources)
        assert.ok(arn.startsWith(`arn:aws:s3:::${BUCKET_PLACEHOLDER}`), arn);
    }
    const loaded = loadPolicies({ bucket: BUCKET, guestWrite: false });
    const text = JSON.stringify(loaded);
    assert.ok(!text.includes(BUCKET_PLACEHOLDER));
    assert.ok(text.includes(`arn:aws:s3:::${BUCKET}/public/*`));
    assert.ok(
      text.includes('${cognito-identity.amazonaws.com:sub}'),
      'the IAM policy variable stays',
    );
    assert.deepEqual(loaded, policiesFor({ bucket: BUCKET, guestWrite: false }));
    assert.deepEqual(
      loadPolicies({ bucket: BUCKET }),
      policiesFor({ bucket: BUCKET, guestWrite: true }),
    );
    assert.throws(() => loadPolicies({ bucket: 'Not_A_Bucket' }), /not a bucket name/);
  });

  test('pass the IAM policy validator', async () => {
    for (const file of Object.values(POLICY_FILES)) {
      await validatePolicy(
        file,
        JSON.parse(
          readFileSync(path.join(POLICY_DIR, file), 'utf8').replaceAll(BUCKET_PLACEHOLDER, BUCKET),
        ),
      );
    }
    await assert.rejects(
      validatePolicy('broken', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }],
      }),
      /not valid/,
    );
  });
});

describe('policy evaluation (guest, alice, bob x five places x Get/Put/Delete/List)', () => {
  test('default prefixes, guests may write public/ (the default)', async () => {
    const evaluator = await createPolicyEvaluator({
      policies: loadPolicies({ bucket: BUCKET }),
      identityPoolId: POOL,
    });
    assert.deepEqual(matrix(evaluator, DEFAULT_PREFIXES), EXPECTED);
  });

  test('default prefixes, guests read only', async () => {
    const evaluator = await createPolicyEvaluator({
      policies: loadPolicies({ bucket: BUCKET, guestWrite: false }),
      identityPoolId: POOL,
    });
    assert.deepEqual(matrix(evaluator, DEFAULT_PREFIXES), GUEST_READ_ONLY);
  });

  test('listing needs a prefix the policy names; other actions, keys and buckets are denied', async () => {
    const evaluator = await evaluatorFor({});
    const { alice, guest } = CALLERS;
    const decide = (caller, action, resource, context) =>
      evaluator.evaluate(caller, { action, resource, context }).result;
    const bucketArn = `arn:aws:s3:::${BUCKET}`;
    for (const caller of [alice, guest]) {
      assert.equal(decide(caller, 's3:ListBucket', bucketArn), 'ImplicitlyDenied', 'no prefix');
      for (const prefix of ['', 'private/', 'private/*', 'pub', 'other/'])
        assert.equal(
          decide(caller, 's3:ListBucket', bucketArn, { 's3:prefix': prefix }),
          'ImplicitlyDenied',
          prefix,
        );
      for (const prefix of [
        'public/',
        'public/a/b',
        'protected/',
        `protected/${alice.identityId}/x`,
      ])
        assert.equal(
          decide(caller, 's3:ListBucket', bucketArn, { 's3:prefix': prefix }),
          'Allowed',
          prefix,
        );
      assert.equal(decide(caller, 's3:GetObject', `${bucketArn}/root.txt`), 'ImplicitlyDenied');
      assert.equal(
        decide(caller, 's3:GetObject', 'arn:aws:s3:::another-bucket/public/x'),
        'ImplicitlyDenied',
      );
      assert.equal(decide(caller, 's3:ListAllMyBuckets', '*'), 'ImplicitlyDenied');
      assert.equal(decide(caller, 's3:PutBucketCORS', bucketArn), 'ImplicitlyDenied');
      assert.equal(decide(caller, 's3:PutObjectAcl', `${bucketArn}/public/x`), 'ImplicitlyDenied');
    }
    // Whoever may write a key may also abort its multipart upload.
    assert.equal(
      decide(alice, 's3:AbortMultipartUpload', `${bucketArn}/private/${alice.identityId}/big.bin`),
      'Allowed',
    );
    assert.equal(
      decide(
        alice,
        's3:AbortMultipartUpload',
        `${bucketArn}/private/${CALLERS.bob.identityId}/big.bin`,
      ),
      'ImplicitlyDenied',
    );
    assert.equal(
      decide(guest, 's3:AbortMultipartUpload', `${bucketArn}/public/big.bin`),
      'Allowed',
    );
    // The own-folder grants hang on the identity ID: a look-alike prefix does not match.
    assert.equal(
      decide(alice, 's3:GetObject', `${bucketArn}/private/${alice.identityId}x/f`),
      'ImplicitlyDenied',
    );
    assert.equal(
      decide(
        { ...alice, identityId: CALLERS.bob.identityId },
        's3:GetObject',
        `${bucketArn}/private/${alice.identityId}/f`,
      ),
      'ImplicitlyDenied',
    );
  });

  test('wildcards match any characters of a key, line breaks included; matching is case-sensitive', async () => {
    const evaluator = await evaluatorFor({});
    const { alice, guest } = CALLERS;
    const decide = (caller, action, key, context) =>
      evaluator.evaluate(caller, {
        action,
        resource: `arn:aws:s3:::${BUCKET}${key === undefined ? '' : `/${key}`}`,
        context,
      }).result;
    assert.equal(decide(guest, 's3:PutObject', 'public/a\nb'), 'Allowed');
    assert.equal(decide(guest, 's3:PutObject', 'public/\r\n\u2028\u2029 é 😀'), 'Allowed');
    assert.equal(decide(alice, 's3:GetObject', `private/${alice.identityId}/x\ny`), 'Allowed');
    assert.equal(
      decide(alice, 's3:GetObject', `private/${alice.identityId}\n/x`),
      'ImplicitlyDenied',
    );
    assert.equal(
      decide(guest, 's3:ListBucket', undefined, { 's3:prefix': 'public/a\nb' }),
      'Allowed',
    );
    assert.equal(decide(guest, 's3:PutObject', 'PUBLIC/x'), 'ImplicitlyDenied');
    assert.equal(
      decide(alice, 's3:GetObject', `private/${alice.identityId.toUpperCase()}/x`),
      'ImplicitlyDenied',
    );
  });

  test('custom prefixes (customPrefix) move every grant, and the default folders lose theirs', async () => {
    const prefixes = { public: 'shared/', protected: 'team/', private: 'vault/' };
    const evaluator = await evaluatorFor({ prefixes });
    assert.deepEqual(matrix(evaluator, prefixes), EXPECTED);
    // The default folders are now nobody's: not even their owner's.
    const defaults = matrix(evaluator, DEFAULT_PREFIXES);
    for (const callerName of Object.keys(CALLERS))
      for (const [place, letters] of Object.entries(defaults[callerName]))
        assert.equal(letters, '----', `${callerName} ${place}`);
    // Read-only guests under custom prefixes too.
    assert.deepEqual(
      matrix(await evaluatorFor({ prefixes, guestWrite: false }), prefixes),
      GUEST_READ_ONLY,
    );
  });

  test("an empty private prefix keeps each identity's folder at the bucket root to its owner", async () => {
    const prefixes = { ...DEFAULT_PREFIXES, private: '' };
    const evaluator = await evaluatorFor({ prefixes: { private: '' } });
    assert.deepEqual(matrix(evaluator, prefixes), EXPECTED);
    assert.ok(
      policiesFor({ prefixes: { private: '' } })
        .authenticated.Statement.at(-1)
        .Condition.StringLike['s3:prefix'].includes('${cognito-identity.amazonaws.com:sub}/'),
    );
  });

  test('an empty public prefix makes the whole bucket public, other folders included', async () => {
    // Documented consequence: IAM cannot tell a public key at the root from any other key.
    const prefixes = { ...DEFAULT_PREFIXES, public: '' };
    const evaluator = await evaluatorFor({ prefixes: { public: '' } });
    const everything = { guest: {}, alice: {}, bob: {} };
    for (const callerName of Object.keys(CALLERS))
      for (const place of Object.keys(EXPECTED.guest)) everything[callerName][place] = 'RWDL';
    assert.deepEqual(matrix(evaluator, prefixes), everything);
    const readOnlyGuests = matrix(
      await evaluatorFor({ prefixes: { public: '' }, guestWrite: false }),
      prefixes,
    );
    assert.deepEqual(readOnlyGuests.guest, {
      public: 'R--L',
      'protected own': 'R--L',
      "protected other's": 'R--L',
      'private own': 'R--L',
      "private other's": 'R--L',
    });
  });

  test('policiesFor() rejects prefixes IAM would misread', () => {
    assert.throws(() => policiesFor({ prefixes: { public: 'public' } }), /end with '\/'/);
    assert.throws(() => policiesFor({ prefixes: { private: 'a*/' } }), /must not contain/);
    assert.throws(() => policiesFor({ prefixes: { protected: 3 } }), /must be a string/);
  });

  test('rolePoliciesFor() grants other buckets exactly what it grants the first', async () => {
    const OTHER_BUCKET = 'policy-test-other';
    const policies = rolePoliciesFor({ bucket: BUCKET, otherBuckets: [OTHER_BUCKET] });
    const evaluator = await createPolicyEvaluator({ policies, identityPoolId: POOL });
    const allowed = (callerName, action, resource, context) =>
      evaluator.evaluate(CALLERS[callerName], { action, resource, context }).allowed;
    const alice = CALLERS.alice.identityId;
    for (const bucket of [BUCKET, OTHER_BUCKET]) {
      assert.ok(allowed('guest', 's3:PutObject', `arn:aws:s3:::${bucket}/public/a`), bucket);
      assert.ok(allowed('alice', 's3:GetObject', `arn:aws:s3:::${bucket}/private/${alice}/a`));
      assert.ok(!allowed('bob', 's3:GetObject', `arn:aws:s3:::${bucket}/private/${alice}/a`));
      const list = { 's3:prefix': 'public/' };
      assert.ok(allowed('guest', 's3:ListBucket', `arn:aws:s3:::${bucket}`, list), bucket);
    }
    assert.ok(!allowed('alice', 's3:GetObject', 'arn:aws:s3:::policy-test-third/public/a'));
    assert.deepEqual(
      rolePoliciesFor({ bucket: BUCKET, otherBuckets: [] }),
      loadPolicies({ bucket: BUCKET }),
    );
  });
});

describe('CloudFormation template (infra/storage.yaml)', () => {
  let template;
  before(() => {
    template = parseCfnYaml(readFileSync(path.join(REPO, 'infra/storage.yaml'), 'utf8'));
  });

  // Resolves the template's Fn::Sub strings the way CloudFormation would, with the bucket left as
  // the JSON documents' placeholder, so that the two can be compared.
  function resolveSub(value) {
    if (Array.isArray(value)) return value.map(resolveSub);
    if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'Fn::Sub') {
        assert.equal(typeof value['Fn::Sub'], 'string');
        return value['Fn::Sub'].replace(/\$\{(!?)([^}]*)\}/g, (_, bang, name) => {
          if (bang) return `\${${name}}`;
          if (name === 'AWS::Partition') return 'aws';
          if (name === 'StorageBucket') return BUCKET_PLACEHOLDER;
          throw new Error(`unexpected variable \${${name}} in a policy`);
        });
      }
      return Object.fromEntries(keys.map((k) => [k, resolveSub(value[k])]));
    }
    return value;
  }

  test('parses, and every Ref, Fn::GetAtt, Fn::Sub variable and condition it uses exists', () => {
    assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
    const names = new Set([
      ...Object.keys(template.Parameters),
      ...Object.keys(template.Resources),
      'AWS::Region',
      'AWS::Partition',
      'AWS::AccountId',
      'AWS::StackName',
      'AWS::NoValue',
    ]);
    const conditions = new Set(Object.keys(template.Conditions));
    const seen = { refs: 0, conditions: 0 };
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref') (assert.ok(names.has(value), `Ref ${value}`), seen.refs++);
        if (key === 'Fn::GetAtt') assert.ok(template.Resources[value[0]], `GetAtt ${value}`);
        if (key === 'Fn::If')
          (assert.ok(conditions.has(value[0]), `If ${value[0]}`), seen.conditions++);
        if (key === 'Fn::Sub') {
          for (const [, bang, name] of value.matchAll(/\$\{(!?)([^}]*)\}/g))
            if (!bang) assert.ok(names.has(name.split('.')[0]), `Sub \${${name}}`);
        }
        walk(value);
      }
    };
    walk(template.Resources);
    walk(template.Outputs);
    walk(template.Conditions);
    for (const resource of Object.values(template.Resources))
      if (resource.Condition) assert.ok(conditions.has(resource.Condition), resource.Condition);
    assert.ok(seen.refs > 5 && seen.conditions > 3);
    assert.deepEqual(template.Parameters.GuestAccess.AllowedValues, ['none', 'read', 'readwrite']);
    assert.equal(template.Parameters.GuestAccess.Default, 'readwrite');
  });

  test('the inline role policies are the documents of infra/policies', () => {
    const { AuthenticatedRole, GuestRole } = template.Resources;
    assert.equal(AuthenticatedRole.Properties.Policies.length, 1);
    assert.deepEqual(
      resolveSub(AuthenticatedRole.Properties.Policies[0].PolicyDocument),
      readJson(POLICY_FILES.authenticated),
    );
    const [condition, whenWrite, whenRead] =
      GuestRole.Properties.Policies[0].PolicyDocument['Fn::If'];
    assert.equal(condition, 'GuestsMayWrite');
    assert.deepEqual(template.Conditions.GuestsMayWrite, {
      'Fn::Equals': [{ Ref: 'GuestAccess' }, 'readwrite'],
    });
    assert.deepEqual(resolveSub(whenWrite), readJson(POLICY_FILES.guestReadWrite));
    assert.deepEqual(resolveSub(whenRead), readJson(POLICY_FILES.guestRead));
  });

  test('roles trust only this identity pool, for authenticated and guest identities respectively', () => {
    const trust = (role) => template.Resources[role].Properties.AssumeRolePolicyDocument.Statement;
    for (const [role, amr] of [
      ['AuthenticatedRole', 'authenticated'],
      ['GuestRole', 'unauthenticated'],
    ]) {
      assert.deepEqual(trust(role), [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: 'IdentityPool' } },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
        },
      ]);
    }
    const roles = template.Resources.IdentityPoolRoles;
    assert.equal(roles.Type, 'AWS::Cognito::IdentityPoolRoleAttachment');
    assert.deepEqual(roles.Properties.IdentityPoolId, { Ref: 'IdentityPool' });
    assert.deepEqual(roles.Properties.Roles.authenticated, {
      'Fn::GetAtt': ['AuthenticatedRole', 'Arn'],
    });
    assert.deepEqual(roles.Properties.Roles.unauthenticated, {
      'Fn::If': ['AllowGuests', { 'Fn::GetAtt': ['GuestRole', 'Arn'] }, { Ref: 'AWS::NoValue' }],
    });
    assert.equal(template.Resources.GuestRole.Condition, 'AllowGuests');
    assert.deepEqual(template.Resources.IdentityPool.Properties.AllowUnauthenticatedIdentities, {
      'Fn::If': ['AllowGuests', true, false],
    });
  });

  test('the bucket: CORS for browsers, public access blocked, encrypted, unfinished uploads aborted after the resume window; outputs for the library config', () => {
    const bucket = template.Resources.StorageBucket;
    assert.equal(bucket.Type, 'AWS::S3::Bucket');
    const [rule, ...more] = bucket.Properties.CorsConfiguration.CorsRules;
    assert.equal(more.length, 0);
    assert.deepEqual(rule.AllowedOrigins, ['*']);
    assert.deepEqual(rule.AllowedMethods, ['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);
    assert.deepEqual(rule.AllowedHeaders, ['*']);
    // Amplify's rule, and every header the library reads that browsers hide unless exposed.
    for (const header of [
      'x-amz-server-side-encryption',
      'x-amz-request-id',
      'x-amz-id-2',
      'ETag',
      'Content-Range',
      'Content-Disposition',
      'Content-Encoding',
    ])
      assert.ok(rule.ExposedHeaders.includes(header), header);
    assert.equal(rule.MaxAge, 3000);
    // Unfinished multipart uploads are aborted, but only after the library stops offering to resume them.
    const [lifecycle, ...moreRules] = bucket.Properties.LifecycleConfiguration.Rules;
    assert.equal(moreRules.length, 0);
    assert.equal(lifecycle.Status, 'Enabled');
    const options = readFileSync(
      path.join(REPO, 'projects/ngx-amplify-storage/src/lib/transfer/transfer-options.ts'),
      'utf8',
    );
    const resumeDays = Number(/resumeExpiryMs: (\d+) \* 24 \* 3600 \* 1000/.exec(options)?.[1]);
    assert.ok(resumeDays > 0, "TransferOptions' default resumeExpiryMs, in days");
    assert.equal(lifecycle.AbortIncompleteMultipartUpload.DaysAfterInitiation, resumeDays + 1);
    assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.equal(
      bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
        .ServerSideEncryptionByDefault.SSEAlgorithm,
      'AES256',
    );
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(template.Outputs).map(([name, output]) => [name, output.Value]),
      ),
      {
        BucketName: { Ref: 'StorageBucket' },
        Region: { Ref: 'AWS::Region' },
        IdentityPoolId: { Ref: 'IdentityPool' },
      },
    );
  });
});
