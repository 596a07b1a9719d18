// Run with: node --test tools/local-backend/
// infra/cfn-yaml.mjs: CloudFormation's short-form tags read into the long form CloudFormation uses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCfnYaml } from '../../infra/cfn-yaml.mjs';

describe('parseCfnYaml', () => {
  test('turns every short form into its long form', () => {
    const cases = [
      ['!Ref BucketName', { Ref: 'BucketName' }],
      ['!Condition HasBucket', { Condition: 'HasBucket' }],
      ['!Sub "arn:${AWS::Partition}:s3:::${B}"', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${B}' }],
      ['!Sub ["${A}-x", { A: !Ref B }]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
      ['!GetAtt Pool.Name', { 'Fn::GetAtt': ['Pool', 'Name'] }],
      ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
      ['!GetAtt [Pool, Name]', { 'Fn::GetAtt': ['Pool', 'Name'] }],
      ['!Join [",", [a, b]]', { 'Fn::Join': [',', ['a', 'b']] }],
      [
        '!If [C, !Ref A, !Ref "AWS::NoValue"]',
        { 'Fn::If': ['C', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
      ],
      ['!Not [!Equals [!Ref P, ""]]', { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'P' }, ''] }] }],
      [
        '!And [!Condition A, !Or [!Condition B, !Condition C]]',
        { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }] },
      ],
      ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
      [
        '!Split [",", !ImportValue Subnets]',
        { 'Fn::Split': [',', { 'Fn::ImportValue': 'Subnets' }] },
      ],
      [
        '!FindInMap [Map, !Ref "AWS::Region", Key]',
        { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
      ],
      ['!Base64 text', { 'Fn::Base64': 'text' }],
      [
        '!Cidr [!GetAtt Vpc.CidrBlock, 6, 8]',
        { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 8] },
      ],
      [
        '!Transform { Name: Macro, Parameters: { a: 1 } }',
        { 'Fn::Transform': { Name: 'Macro', Parameters: { a: 1 } } },
      ],
      ['!Length [a, b]', { 'Fn::Length': ['a', 'b'] }],
      ['!ToJsonString { a: [1] }', { 'Fn::ToJsonString': { a: [1] } }],
    ];
    for (const [yaml, expected] of cases)
      assert.deepEqual(parseCfnYaml(`Value: ${yaml}`), { Value: expected }, yaml);
  });

  test('reads block-style tagged collections and plain YAML 1.2 scalars', () => {
    const template = parseCfnYaml(
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Conditions:',
        '  HasName: !Not',
        '    - !Equals',
        '      - !Ref Name',
        "      - ''",
        'Outputs:',
        '  Arn:',
        '    Value: !Join',
        '      - ":"',
        '      - - arn',
        '        - !Ref "AWS::Partition"',
        '    Flags: [yes, true, 0x10, ~]',
      ].join('\n'),
    );
    assert.deepEqual(template, {
      AWSTemplateFormatVersion: '2010-09-09',
      Conditions: { HasName: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Name' }, ''] }] } },
      Outputs: {
        Arn: {
          Value: { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }]] },
          Flags: ['yes', true, 16, null],
        },
      },
    });
  });

  test('refuses what CloudFormation would read differently, naming the line', () => {
    const cases = [
      ['a: 1\nb: !Foo x', /Unresolved tag: !Foo at line 2/],
      ['a: !Ref [x]', /Unresolved tag: !Ref at line 1/],
      ['a: !GetAtt NoDot', /!GetAtt needs Resource\.Attribute, got 'NoDot' at line 1/],
      ['a: !GetAtt Pool.', /!GetAtt needs Resource\.Attribute, got 'Pool\.'/],
      ['a: 1\na: 2', /Map keys must be unique at line 2/],
      ['a: 1\n---\nb: 2', /multiple documents.* at line 2/],
      ['a: [1,', /line 1/],
      ['a:\n\t- 1', /Tabs are not allowed as indentation at line 2/],
    ];
    for (const [yaml, message] of cases)
      assert.throws(() => parseCfnYaml(yaml), message, JSON.stringify(yaml));
  });
});
