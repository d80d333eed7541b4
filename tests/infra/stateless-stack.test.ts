import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/api/routes.js';
import { queueDefinitions, queueUrlEnvName } from '../../lib/config/queues.js';
import { tableDefinition } from '../../lib/config/table.js';
import { ESM_REQUIRE_BANNER } from '../../lib/constructs/service-function.js';
import { TABLE_STREAM_ROUTER_ENTRY } from '../../lib/stacks/stateless-stack.js';
import {
  allPolicyStatements,
  asArray,
  buildStage,
  logicalIdOf,
  newApp,
  removeTemporaryAssemblies,
  resourceById,
  resourcesOfType,
  unacknowledgedNagFindings,
} from './support.js';

// Synthesizing bundles every handler with esbuild: build the stage once for the whole file.
const stage = buildStage({
  stage: 'dev',
  alarmEmail: 'ops@shop.example',
  corsAllowedOrigins: ['https://shop.example'],
});
const { app, stateful, stateless } = stage;
const template = Template.fromStack(stateless);
const statefulTemplate = Template.fromStack(stateful);
const assemblyDirectory = app.synth().directory;
afterAll(removeTemporaryAssemblies);

const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const distinctHandlers = [...new Set(routeList.map((route) => route.handler))];
const publicRoutes = routeList.filter((route) => route.roles === 'public');
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

function functionLogicalIdFor(entry: string): string {
  const fn =
    entry === TABLE_STREAM_ROUTER_ENTRY ? stateless.tableStreamRouter : stateless.httpFunctions.get(entry);
  if (!fn) throw new Error(`no function for ${entry}`);
  return logicalIdOf(fn.function);
}

function actionsGrantedTo(functionLogicalId: string): string[] {
  const roleArn = resourceById(functions, functionLogicalId).Properties.Role as {
    'Fn::GetAtt': [string, string];
  };
  const roleId = roleArn['Fn::GetAtt'][0];
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    )
    .flatMap((statement) => asArray(statement.Action));
}

describe('stateless stack: functions', () => {
  it('creates one function per distinct route handler plus the table-stream router', () => {
    expect(Object.keys(functions)).toHaveLength(distinctHandlers.length + 1);
  });

  it('runs every function on nodejs22.x, arm64, with active tracing and the ESM handler', () => {
    for (const [id, fn] of Object.entries(functions)) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('logs every function as JSON into its own log group with the stage retention', () => {
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    const used = new Set<string>();
    for (const [id, fn] of Object.entries(functions)) {
      const logging = fn.Properties.LoggingConfig as { LogGroup: { Ref: string }; LogFormat: string };
      expect(logging.LogFormat, id).toBe('JSON');
      const group = logGroups[logging.LogGroup.Ref];
      expect(group?.Properties.RetentionInDays, id).toBe(30);
      expect(group?.Properties.LogGroupName, id).toBe(`/aws/lambda/${fn.Properties.FunctionName}`);
      used.add(logging.LogGroup.Ref);
    }
    expect(used.size).toBe(Object.keys(functions).length);
  });

  it('gives every function the table, bus, queue URLs and Powertools settings', () => {
    const expectedKeys = [
      'TABLE_NAME',
      'EVENT_BUS_NAME',
      ...queueDefinitions.map((definition) => queueUrlEnvName(definition.name)),
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'NODE_OPTIONS',
    ];
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).sort(), id).toEqual(expectedKeys.sort());
      expect(variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
      expect(variables.POWERTOOLS_METRICS_NAMESPACE, id).toBe('Redress');
    }
    const router = functions[functionLogicalIdFor(TABLE_STREAM_ROUTER_ENTRY)];
    expect(router?.Properties.Environment).toMatchObject({
      Variables: { POWERTOOLS_SERVICE_NAME: 'events' },
    });
  });

  it('bundles each handler as minified ESM with a createRequire banner and a source map, leaving the AWS SDK out', () => {
    for (const [id, fn] of Object.entries(functions)) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const directory = join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`);
      const code = readFileSync(join(directory, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), id).toBe(true);
      expect(code, id).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(existsSync(join(directory, 'index.mjs.map')), id).toBe(true);
    }
    const routerKey = (
      resourceById(functions, functionLogicalIdFor(TABLE_STREAM_ROUTER_ENTRY)).Properties.Code as {
        S3Key: string;
      }
    ).S3Key;
    const router = readFileSync(
      join(assemblyDirectory, `asset.${routerKey.replace(/\.zip$/, '')}`, 'index.mjs'),
      'utf8',
    );
    expect(router).toMatch(/from\s*"@aws-sdk\/client-sqs"/);
  });
});

describe('stateless stack: HTTP API', () => {
  const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
  const byKey = new Map(Object.values(routes).map((route) => [route.Properties?.RouteKey as string, route]));

  it('has exactly one route per routeList entry', () => {
    expect(Object.keys(routes)).toHaveLength(routeList.length);
    expect([...byKey.keys()].sort()).toEqual(routeList.map(routeKey).sort());
  });

  it('protects every non-public route with the Cognito JWT authorizer and leaves public ones open', () => {
    const authorizerId = Object.keys(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'))[0];
    expect(publicRoutes.map(routeKey).sort()).toEqual([
      'GET /v1/docs',
      'GET /v1/health',
      'GET /v1/openapi.json',
    ]);
    for (const route of routeList) {
      const properties = byKey.get(routeKey(route))?.Properties;
      if (route.roles === 'public') {
        expect(properties?.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(properties?.AuthorizerId, routeKey(route)).toBeUndefined();
      } else {
        expect(properties?.AuthorizationType, routeKey(route)).toBe('JWT');
        expect(properties?.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('verifies tokens issued by the stage user pool for its app client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolAppClient') })],
        Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      },
    });
    const issuer = JSON.stringify(
      Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer'))[0]?.Properties
        ?.JwtConfiguration,
    );
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain(`ExportsOutputRef${logicalIdOf(stateful.userPool)}`);
  });

  it('sends each route to the function built from its handler', () => {
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');
    for (const route of routeList) {
      const target = byKey.get(routeKey(route))?.Properties.Target as { 'Fn::Join': [string, unknown[]] };
      const integrationRef = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
      const integration = integrations[integrationRef]?.Properties;
      expect(integration?.IntegrationType).toBe('AWS_PROXY');
      expect(integration?.PayloadFormatVersion).toBe('2.0');
      expect(integration?.IntegrationUri, routeKey(route)).toEqual({
        'Fn::GetAtt': [functionLogicalIdFor(route.handler), 'Arn'],
      });
    }
  });

  it('allows the configured origins and the Authorization, Content-Type and Idempotency-Key headers', () => {
    const api = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'))[0]?.Properties;
    const cors = api?.CorsConfiguration as {
      AllowOrigins: string[];
      AllowHeaders: string[];
      AllowMethods: string[];
    };

    expect(api?.ProtocolType).toBe('HTTP');
    expect(cors.AllowOrigins).toEqual(['https://shop.example']);
    expect(cors.AllowHeaders).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key']);
    expect([...cors.AllowMethods].sort()).toEqual(
      [...new Set([...routeList.map((route) => route.method), 'OPTIONS'])].sort(),
    );
  });

  it('throttles the default stage and writes access logs to a log group with retention', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const stageResource = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'))[0];
    expect(stageResource?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
    const accessLogs = stageResource?.Properties.AccessLogSettings as {
      DestinationArn: { 'Fn::GetAtt': [string, string] };
      Format: string;
    };
    expect(accessLogs.Format).toContain('$context.requestId');
    const logGroup = resourcesOfType(template, 'AWS::Logs::LogGroup')[
      accessLogs.DestinationArn['Fn::GetAtt'][0]
    ];
    expect(logGroup?.Properties.RetentionInDays).toBe(30);
  });
});

describe('stateless stack: table-stream router', () => {
  it('reads the table stream from the start, bisects failing batches and reports item failures', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionLogicalIdFor(TABLE_STREAM_ROUTER_ENTRY) },
      EventSourceArn: {
        'Fn::ImportValue': Match.stringLikeRegexp(`${logicalIdOf(stateful.table)}StreamArn`),
      },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 25,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::ImportValue': Match.stringLikeRegexp(logicalIdOf(stateful.streamDeadLetterQueue)),
          },
        },
      },
    });
  });

  it('reports batch item failures on every event source mapping', () => {
    const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings.length).toBeGreaterThan(0);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it('lets the router send to every workflow queue and put events on the bus, but not touch table items', () => {
    const actions = actionsGrantedTo(functionLogicalIdFor(TABLE_STREAM_ROUTER_ENTRY));
    expect(actions).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'events:PutEvents', 'dynamodb:GetRecords']),
    );
    expect(
      actions.filter((action) => /dynamodb:(Put|Update|Delete|Get)Item|dynamodb:Query/.test(action)),
    ).toEqual([]);

    const routerPolicies = JSON.stringify(
      Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes('OnTableChange'),
      ),
    );
    for (const definition of queueDefinitions) {
      expect(routerPolicies).toContain(logicalIdOf(stateful.workflowQueue(definition.name).queue));
    }
    expect(routerPolicies).toContain(logicalIdOf(stateful.eventBus));
  });
});

describe('stateless stack: least privilege', () => {
  it('grants item reads to GET handlers, writes to the others and nothing to public routes', () => {
    for (const route of routeList) {
      const actions = actionsGrantedTo(functionLogicalIdFor(route.handler));
      const tableActions = actions.filter((action) => action.startsWith('dynamodb:'));
      if (route.roles === 'public') expect(tableActions, routeKey(route)).toEqual([]);
      else if (route.method === 'GET') {
        expect(tableActions.sort(), routeKey(route)).toEqual([
          'dynamodb:BatchGetItem',
          'dynamodb:GetItem',
          'dynamodb:Query',
        ]);
      } else {
        expect(tableActions, routeKey(route)).toEqual(
          expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
        );
      }
    }
  });

  it('names the table and each index by ARN, never <table>/index/*', () => {
    const tableStatements = allPolicyStatements(template).filter(({ statement }) =>
      asArray(statement.Action).includes('dynamodb:GetItem'),
    );
    expect(tableStatements.length).toBeGreaterThan(0);
    for (const { owner, statement } of tableStatements) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources, owner).not.toContain('*');
      for (const index of tableDefinition.globalSecondaryIndexes)
        expect(resources, owner).toContain(`/index/${index.name}`);
    }
  });

  it('never allows a wildcard action on every resource, and uses Resource "*" only where AWS offers nothing narrower', () => {
    const resourceWideActions = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'dynamodb:ListStreams',
    ]);
    for (const t of [template, statefulTemplate]) {
      for (const { owner, statement } of allPolicyStatements(t)) {
        if (statement.Effect !== 'Allow') continue;
        const actions = asArray(statement.Action);
        const onEverything = asArray(statement.Resource as unknown).includes('*');
        expect(
          actions.filter((action) => action === '*' || action.endsWith(':*')),
          owner,
        ).toEqual([]);
        if (onEverything) {
          expect(
            actions.filter((action) => !resourceWideActions.has(action)),
            owner,
          ).toEqual([]);
        }
      }
    }
  });

  it('attaches no AWS managed policies to function roles', () => {
    for (const [id, role] of Object.entries(resourcesOfType(template, 'AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });
});

describe('stateless stack: monitoring', () => {
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
  const byName = new Map(Object.values(alarms).map((alarm) => [alarm.Properties.AlarmName as string, alarm]));
  const topicId = logicalIdOf(stateless.monitoring.alarmTopic);
  const functionNames = Object.values(functions).map((fn) => fn.Properties.FunctionName as string);

  const expectedAlarmNames = [
    ...queueDefinitions.map((definition) => `redress-dev-${definition.name}-dlq-dead-letters`),
    'redress-dev-table-stream-dlq-dead-letters',
    ...queueDefinitions.map((definition) => `redress-dev-${definition.name}-oldest-message-age`),
    'redress-dev-api-5xx',
    'redress-dev-api-latency-p99',
    ...functionNames.flatMap((name) => [`${name}-errors`, `${name}-throttles`]),
    'redress-dev-on-table-change-iterator-age',
  ];

  it('has every expected alarm and sends both ALARM and OK to the alarm topic', () => {
    expect([...byName.keys()].sort()).toEqual([...expectedAlarmNames].sort());
    for (const [name, alarm] of byName) {
      expect(alarm.Properties.AlarmActions, name).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, name).toEqual([{ Ref: topicId }]);
    }
  });

  it('raises a DLQ alarm on the first visible message of each DLQ', () => {
    const dlqs = [
      ...queueDefinitions.map((definition) => stateful.workflowQueue(definition.name).deadLetterQueue),
      stateful.streamDeadLetterQueue,
    ];
    for (const dlq of dlqs) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::ImportValue': Match.stringLikeRegexp(`${logicalIdOf(dlq)}QueueName`) },
          },
        ],
      });
    }
  });

  it('watches API 5xx and p99 latency', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'redress-dev-api-5xx',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'redress-dev-api-latency-p99',
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
    });
  });

  it('emails the alarm topic to the configured address and refuses non-TLS publishing', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@shop.example',
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('has one dashboard with API, queue and function widgets', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(
      Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody,
    );
    for (const namespace of ['AWS/ApiGateway', 'AWS/SQS', 'AWS/Lambda']) expect(body).toContain(namespace);
    for (const title of ['API requests and errors', 'Dead-letter queues', 'Function errors'])
      expect(body).toContain(title);
  });
});

describe('whole stage: cdk-nag and annotations', () => {
  it('has no unacknowledged AwsSolutions findings', () => {
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  it('still reports a finding when something is wrong (the check is live)', () => {
    const scratch = new Stack(newApp({}), 'Scratch');
    new sqs.Queue(scratch, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    const rules = unacknowledgedNagFindings(scratch).map((finding) => finding.rule);

    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });

  it('leaves no error or warning annotations on either stack', () => {
    for (const stack of [stateful, stateless]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue()), stack.stackName).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });
});
