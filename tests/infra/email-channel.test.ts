import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { inboundEmail } from '../../functions/events/workers.js';
import { parseStageSettings } from '../../lib/config/stage.js';
import {
  allPolicyStatements,
  asArray,
  buildStage,
  buildStatefulStack,
  codeTemplate,
  logicalIdOf,
  removeTemporaryAssemblies,
  resourceById,
  resourcesOfType,
  unacknowledgedNagFindings,
} from './support.js';

// A stage with the email channel on; synthesizing bundles every handler, so build it once.
const stage = buildStage({
  stage: 'dev',
  sesIdentityDomain: 'mail.shop.example',
  sesFromAddress: 'support@mail.shop.example',
  replyDomain: 'reply.shop.example',
  supportAddress: 'help@shop.example',
  replyAddressSecretName: 'test/reply-key',
  addressHashSecretName: 'test/address-hash-key',
});
const { stateful, stateless, workers } = stage;
const statefulTemplate = Template.fromStack(stateful);
/** The receiver is a worker; its alarms are the stateless stack's monitoring (ADR 24). */
const template = codeTemplate(stage);
afterAll(removeTemporaryAssemblies);

const receiver = workers.inboundEmail;
if (!receiver || !stateful.inboundMailBucket)
  throw new Error('the stage with a reply domain has no email channel');
const bucketId = logicalIdOf(stateful.inboundMailBucket);
const functionId = logicalIdOf(receiver.function);

describe('email channel: storage (stateful stack)', () => {
  it('keeps received mail in a private, encrypted bucket that deletes it after 30 days', () => {
    statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })]),
      },
    });
  });

  it('lets only SES of this account write mail under inbound/, and refuses plain HTTP', () => {
    const policies = resourcesOfType(statefulTemplate, 'AWS::S3::BucketPolicy');
    const statements = Object.values(policies)
      .filter((policy) => JSON.stringify(policy.Properties.Bucket).includes(bucketId))
      .flatMap(
        (policy) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
    const sesWrite = statements.find((statement) =>
      JSON.stringify(statement.Principal).includes('ses.amazonaws.com'),
    );
    expect(sesWrite).toMatchObject({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify(sesWrite?.Resource)).toContain('/inbound/*');
    expect(
      statements.some(
        (statement) =>
          statement.Effect === 'Deny' && JSON.stringify(statement.Condition).includes('aws:SecureTransport'),
      ),
    ).toBe(true);
  });

  it('verifies the reply domain as an SES identity when it is not the sending domain', () => {
    statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'reply.shop.example',
    });
  });

  it('has no mail bucket and no reply identity on a stage without a reply domain', () => {
    const { stack } = buildStatefulStack({ stage: 'dev' });

    expect(stack.inboundMailBucket).toBeUndefined();
    // The analytics archive's two buckets (ADR 22), and no other.
    const buckets = Object.keys(resourcesOfType(Template.fromStack(stack), 'AWS::S3::Bucket')).sort();
    expect(buckets).toEqual(
      [logicalIdOf(stack.analytics.bucket), logicalIdOf(stack.analytics.resultsBucket)].sort(),
    );
  });

  it('passes cdk-nag', () => {
    expect(unacknowledgedNagFindings(stateful)).toEqual([]);
  });
});

describe('email channel: receiving (workers stack)', () => {
  it('receives the reply domain and the support address with spam scanning and TLS, stores, then invokes', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'redress-dev-inbound' });
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['reply.shop.example', 'help@shop.example'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: 'inbound/' } },
          {
            LambdaAction: {
              FunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
              InvocationType: 'Event',
            },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'ses.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('runs the inbound-email handler with the variables and secret names of its manifest', () => {
    const fn = resourceById(resourcesOfType(template, 'AWS::Lambda::Function'), functionId);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    expect(receiver.entry).toBe(inboundEmail.handler);
    expect(variables).toMatchObject({
      REPLY_DOMAIN: 'reply.shop.example',
      SUPPORT_ADDRESS: 'help@shop.example',
      MAIL_FROM: 'support@mail.shop.example',
      REPLY_ADDRESS_SECRET_NAME: 'test/reply-key',
      ADDRESS_HASH_SECRET_NAME: 'test/address-hash-key',
    });
    expect(JSON.stringify(variables.INBOUND_EMAIL_BUCKET)).toContain('redress-dev-mail-');
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  });

  it('lets the function read stored mail only, send email and read its two secrets', () => {
    const own = allPolicyStatements(template).filter(({ owner }) => owner.startsWith('InboundEmailRole'));
    const s3Actions = own
      .flatMap(({ statement }) => asArray(statement.Action))
      .filter((action) => action.startsWith('s3:'));
    const secrets = own
      .filter(({ statement }) => asArray(statement.Action).includes('secretsmanager:GetSecretValue'))
      .map(({ statement }) => JSON.stringify(statement.Resource));

    expect(s3Actions).toEqual(['s3:GetObject']);
    expect(
      JSON.stringify(
        own.find(({ statement }) => asArray(statement.Action).includes('s3:GetObject'))?.statement.Resource,
      ),
    ).toContain('/inbound/*');
    expect(own.some(({ statement }) => asArray(statement.Action).includes('ses:SendEmail'))).toBe(true);
    expect(secrets).toHaveLength(2);
    expect(secrets.join()).toContain('test/reply-key');
    expect(secrets.join()).toContain('test/address-hash-key');
  });

  it('keeps events it failed on after two asynchronous retries in its DLQ, and alarms on them', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(receiver.deadLetterQueue), 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'redress-dev-inbound-email-dlq-dead-letters',
    });
  });

  it('passes cdk-nag', () => {
    expect(unacknowledgedNagFindings(workers)).toEqual([]);
    expect(unacknowledgedNagFindings(stateless)).toEqual([]);
  });
});

describe('email channel: stage settings', () => {
  it('refuses a support address without a reply domain', () => {
    expect(() => parseStageSettings({ stage: 'dev', supportAddress: 'help@shop.example' })).toThrow(
      /supportAddress/,
    );
  });
});
