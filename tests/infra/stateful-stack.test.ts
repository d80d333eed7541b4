import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { groupToRole } from '../../functions/shared/principal.js';
import { queueDefinitions } from '../../functions/shared/queue-catalog.js';
import { tableDefinition } from '../../functions/shared/table-catalog.js';
import {
  buildStatefulStack,
  logicalIdOf,
  removeTemporaryAssemblies,
  resourcesOfType,
  unacknowledgedNagFindings,
} from './support.js';

// A stateful stack holds one function (the pre-token trigger, bundled): each is built once for the file.
const dev = buildStatefulStack({ stage: 'dev' });
const devTemplate = Template.fromStack(dev.stack);
const prod = buildStatefulStack({
  stage: 'prod',
  sesIdentityDomain: 'mail.shop.example',
  threatProtection: true,
});
const prodTemplate = Template.fromStack(prod.stack);

afterAll(removeTemporaryAssemblies);

const FOURTEEN_DAYS_IN_SECONDS = 14 * 24 * 60 * 60;

describe('stateful stack: table', () => {
  it('builds the one table from tableDefinition: string keys, on-demand, TTL, encrypted', () => {
    devTemplate.resourceCountIs('AWS::DynamoDB::Table', 1);
    devTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'redress-dev',
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('has exactly the GSIs of tableDefinition, each with its projection', () => {
    const table = Object.values(resourcesOfType(devTemplate, 'AWS::DynamoDB::Table'))[0];
    const indexes = table?.Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: string }[];
      Projection: { ProjectionType: string };
    }[];

    expect(indexes.map((index) => index.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => index.name),
    );
    for (const definition of tableDefinition.globalSecondaryIndexes) {
      const index = indexes.find((candidate) => candidate.IndexName === definition.name);
      expect(index?.KeySchema).toEqual([
        { AttributeName: definition.partitionKey, KeyType: 'HASH' },
        { AttributeName: definition.sortKey, KeyType: 'RANGE' },
      ]);
      expect(index?.Projection).toEqual({
        ProjectionType: definition.projection,
        ...('include' in definition ? { NonKeyAttributes: [...definition.include] } : {}),
      });
    }
    const attributes = table?.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(attributes.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
  });

  it('streams new and old images and keeps point-in-time recovery on', () => {
    devTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('lets a dev table go with the stack', () => {
    devTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('retains and deletion-protects the prod table, user pool and stack', () => {
    prodTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'redress-prod', DeletionProtectionEnabled: true }),
    });
    prodTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });
});

describe('stateful stack: queues', () => {
  it('creates each queue of queueDefinitions with its own DLQ, visibility timeout and maxReceiveCount', () => {
    for (const definition of queueDefinitions) {
      const queue = dev.stack.workflowQueue(definition.name);
      devTemplate.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `redress-dev-${definition.name}`,
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        RedrivePolicy: {
          maxReceiveCount: definition.maxReceiveCount,
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(queue.deadLetterQueue), 'Arn'] },
        },
      });
      devTemplate.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `redress-dev-${definition.name}-dlq`,
        MessageRetentionPeriod: FOURTEEN_DAYS_IN_SECONDS,
      });
    }
  });

  it('gives every queue that is not itself a DLQ a redrive policy', () => {
    const queues = resourcesOfType(devTemplate, 'AWS::SQS::Queue');
    const withoutRedrive = Object.entries(queues)
      .filter(([, queue]) => queue.Properties.RedrivePolicy === undefined)
      .map(([, queue]) => queue.Properties.QueueName);

    expect(withoutRedrive.sort()).toEqual(
      [
        ...queueDefinitions.map((definition) => `redress-dev-${definition.name}-dlq`),
        'redress-dev-table-stream-dlq',
      ].sort(),
    );
    expect(Object.keys(queues)).toHaveLength(queueDefinitions.length * 2 + 1);
  });

  it('encrypts every queue and refuses requests without TLS', () => {
    const queues = resourcesOfType(devTemplate, 'AWS::SQS::Queue');
    const policies = Object.values(resourcesOfType(devTemplate, 'AWS::SQS::QueuePolicy'));
    for (const [logicalId, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled, logicalId).toBe(true);
      const denyingPlainHttp = policies.filter((policy) => {
        const targets = JSON.stringify(policy.Properties.Queues);
        const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement;
        return (
          targets.includes(`"${logicalId}"`) &&
          statements.some(
            (statement) =>
              statement.Effect === 'Deny' &&
              JSON.stringify(statement.Condition) ===
                JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
          )
        );
      });
      expect(denyingPlainHttp, logicalId).toHaveLength(1);
    }
  });
});

describe('stateful stack: identity, events, email', () => {
  it('creates one user pool group per role of principal.ts', () => {
    const groups = Object.values(resourcesOfType(devTemplate, 'AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admins', 'agents', 'customers', 'integrations', 'supervisors']);
    expect(groups.sort()).toEqual(Object.keys(groupToRole).sort());
  });

  it('has a strong password policy, optional TOTP-only MFA and app clients without secret or OAuth', () => {
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const clients = Object.values(resourcesOfType(devTemplate, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client.Properties).toMatchObject({
        GenerateSecret: false,
        ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH']),
        PreventUserExistenceErrors: 'ENABLED',
        AllowedOAuthFlowsUserPoolClient: false,
      });
    }
  });

  it("sets every token lifetime explicitly, the staff client shorter than the customers'", () => {
    const validity = (name: string) =>
      Object.values(resourcesOfType(devTemplate, 'AWS::Cognito::UserPoolClient')).find(
        (client) => client.Properties.ClientName === name,
      )?.Properties;
    expect(validity('redress-dev-app')).toMatchObject({
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect(validity('redress-dev-staff')).toMatchObject({
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  it('runs the pre-token-generation trigger, allowed only AdminGetUser on its own pool', () => {
    const triggerId = logicalIdOf(dev.stack.tokenGate.function);
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [triggerId, 'Arn'] } },
    });
    devTemplate.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'redress-dev-pre-token-generation',
      Runtime: 'nodejs22.x',
    });
    const roleId = logicalIdOf(dev.stack.tokenGate.role);
    const statements = Object.values(resourcesOfType(devTemplate, 'AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        (policy) => (policy.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement,
      );
    const cognitoStatements = statements.filter((statement) =>
      JSON.stringify(statement.Action).includes('cognito-idp'),
    );
    expect(cognitoStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'cognito-idp:AdminGetUser',
        Resource: { 'Fn::GetAtt': [logicalIdOf(dev.stack.userPool), 'Arn'] },
      },
    ]);
    expect(
      statements
        .flatMap((statement) => [statement.Action].flat() as string[])
        .filter((action) => !/^(logs|xray):/.test(action) && action !== 'cognito-idp:AdminGetUser'),
    ).toEqual([]);
    devTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [triggerId, 'Arn'] },
    });
  });

  it('lets nobody write their own email address through the app client, and keeps the old one until a change is verified', () => {
    for (const client of Object.values(resourcesOfType(devTemplate, 'AWS::Cognito::UserPoolClient')))
      expect(client.Properties.WriteAttributes).toEqual(['locale']);
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
  });

  it('turns on the Plus plan with enforced threat protection only when the stage asks for it', () => {
    prodTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    devTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
  });

  it('creates the public event bus', () => {
    devTemplate.hasResourceProperties('AWS::Events::EventBus', { Name: 'redress-dev-public' });
  });

  it('creates the SES configuration set, and an email identity only when one is configured', () => {
    devTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'redress-dev' });
    devTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
    prodTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.shop.example',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
  });

  it('publishes bounces and complaints of the configuration set, and nothing else, to the default EventBridge bus', () => {
    for (const template of [devTemplate, prodTemplate]) {
      template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
      const [destination] = Object.values(
        resourcesOfType(template, 'AWS::SES::ConfigurationSetEventDestination'),
      );
      expect(destination?.Properties.ConfigurationSetName).toEqual({
        Ref: logicalIdOf(dev.stack.emailConfigurationSet),
      });
      const eventDestination = destination?.Properties.EventDestination as Record<string, unknown>;
      expect([...(eventDestination.MatchingEventTypes as string[])].sort()).toEqual(['bounce', 'complaint']);
      expect(eventDestination).toMatchObject({
        Enabled: true,
        EventBridgeDestination: {
          EventBusArn: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':events:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':event-bus/default',
              ],
            ],
          },
        },
      });
      expect(eventDestination.SnsDestination).toBeUndefined();
    }
  });
});

describe('stateful stack: cdk-nag', () => {
  it('has no unacknowledged AwsSolutions findings in dev or prod', () => {
    expect(unacknowledgedNagFindings(dev.stack)).toEqual([]);
    expect(unacknowledgedNagFindings(prod.stack)).toEqual([]);
  });
});
