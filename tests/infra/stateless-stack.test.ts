import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { routeList } from '../../functions/api/routes.js';
import {
  eventConsumers,
  queueConsumers,
  schedules,
  streamAggregator,
  streamRouter,
} from '../../functions/events/workers.js';
import { addressHashSecret } from '../../functions/notifications/config.js';
import type { FunctionManifest } from '../../functions/shared/manifest.js';
import { queueDefinitions, queueUrlEnvName } from '../../functions/shared/queue-catalog.js';
import { surveySecret, ticketsConfig } from '../../functions/tickets/config.js';
import { paymentGatewaySecret } from '../../functions/tickets/workflows/refund/config.js';
import { ROUTE_THROTTLES } from '../../lib/config/http.js';
import { VISIBILITY_TIMEOUT_FACTOR } from '../../lib/constructs/queue-consumer.js';
import type { ServiceFunction } from '../../lib/constructs/service-function.js';
import { ESM_REQUIRE_BANNER, projectRoot as projectRootDir } from '../../lib/constructs/service-function.js';
import {
  accessOf,
  DUE_TIMER_INDEX,
  type FunctionAccess,
  SES_FEEDBACK_CONSUMER,
  SLA_SWEEPER_SCHEDULE,
  SLA_TIMER_QUEUE,
  secretNameEnvName,
  TABLE_STREAM_AGGREGATOR_ENTRY,
  TABLE_STREAM_ROUTER_ENTRY,
} from '../../lib/stacks/stateless-stack.js';
import {
  allPolicyStatements,
  asArray,
  buildStage,
  codeTemplate,
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
  sesFromAddress: 'support@shop.example',
  autoCloseDays: 14,
  slaBreachAlarmThreshold: 25,
  paymentGatewayUrl: 'https://payments.shop.example/v1',
  carrierUrl: 'https://carrier.shop.example/api',
  appUrl: 'https://shop.example',
  paymentGatewaySecretName: 'test/payment-gateway-hmac',
  carrierSecretName: 'test/carrier-hmac',
  surveySecretName: 'test/survey-key',
  addressHashSecretName: 'test/address-hash-key',
});
const { app, stateful, stateless, workers, monitoring } = stage;
/** The stateless, workers and monitoring stacks' resources: what the one stateless stack held before ADR 24. */
const template = codeTemplate(stage);
const statefulTemplate = Template.fromStack(stateful);
const assemblyDirectory = app.synth().directory;
afterAll(removeTemporaryAssemblies);

const functions = resourcesOfType(template, 'AWS::Lambda::Function');
/** `https://<the distribution's domain>`, imported from the console's stack. */
const consoleUrl = {
  'Fn::Join': [
    '',
    ['https://', { 'Fn::ImportValue': expect.stringMatching(/^redress-dev-console:.*DomainName/) }],
  ],
};
const distinctHandlers = [...new Set(routeList.map((route) => route.handler))];
const publicRoutes = routeList.filter((route) => route.roles === 'public');

/**
 * Routes reviewed as public by design, and why. A new public route fails the authorizer test
 * until it is reviewed and listed here.
 */
const reviewedPublicRoutes: Readonly<Record<string, string>> = {
  'GET /v1/health': 'liveness check',
  'GET /v1/openapi.json': 'the API description',
  'GET /v1/docs': 'the API reference page',
  'POST /v1/surveys/{surveyToken}':
    'a survey answered from an emailed link without signing in: the signed token is the credential',
};
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

const slaWorkerDefinition = queueConsumers.find((consumer) => consumer.queue === SLA_TIMER_QUEUE);
const sweeperDefinition = schedules.find((schedule) => schedule.name === SLA_SWEEPER_SCHEDULE);
if (!slaWorkerDefinition || !sweeperDefinition) throw new Error('workers.ts lost the SLA worker or sweeper');
const slaWorker = workers.queueConsumers.get(slaWorkerDefinition.name)!;
const sweeper = workers.scheduledFunctions.get(sweeperDefinition.name)!;
const slaTimerQueue = stateful.workflowQueue(SLA_TIMER_QUEUE).queue;
const privacyQueue = stateful.workflowQueue('privacy').queue;

/** Every function of the code stacks (stateless and workers) with the module it runs. */
const everyFunction: readonly ServiceFunction[] = [
  ...stateless.httpFunctions.values(),
  workers.tableStreamRouter,
  workers.tableStreamAggregator,
  ...workers.queueConsumers.values(),
  ...workers.scheduledFunctions.values(),
  ...workers.eventConsumers.values(),
];

/** Every manifest of the stage: the routes and the entries of functions/events/workers.ts. */
const namedManifests: readonly (FunctionManifest & { readonly name: string })[] = [
  ...routeList,
  streamRouter,
  streamAggregator,
  ...queueConsumers,
  ...schedules,
  ...eventConsumers,
];
const manifests: readonly FunctionManifest[] = namedManifests;

/** What a function's manifest declares, resolved as the stack resolves it. */
function declaredAccessOf(fn: ServiceFunction): FunctionAccess {
  const manifest = manifests.find((candidate) => candidate.handler === fn.entry);
  if (!manifest) throw new Error(`no manifest runs ${fn.entry}`);
  return accessOf(manifest);
}

/** Handlers whose manifest reads a signing secret. */
const readersOf = (secret: unknown) => [
  ...new Set(
    manifests.filter((manifest) => manifest.secrets?.includes(secret as never)).map((m) => m.handler),
  ),
];
const SURVEY_TOKEN_VERIFIERS = readersOf(surveySecret).filter((handler) =>
  routeList.some((route) => route.handler === handler),
);
const PAYMENT_GATEWAY_READERS = readersOf(paymentGatewaySecret).filter((handler) =>
  routeList.some((route) => route.handler === handler),
);
/** The notifier, the privacy worker and the exports: suppressions by the address HMAC. */
const ADDRESS_HASH_READERS = readersOf(addressHashSecret);

function functionLogicalIdFor(entry: string): string {
  const fn = everyFunction.find((candidate) => candidate.entry === entry);
  if (!fn) throw new Error(`no function for ${entry}`);
  return logicalIdOf(fn.function);
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** The statements of the identity policies attached to a function's role. */
function statementsOf(functionLogicalId: string): Statement[] {
  const roleArn = resourceById(functions, functionLogicalId).Properties.Role as {
    'Fn::GetAtt': [string, string];
  };
  const roleId = roleArn['Fn::GetAtt'][0];
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsGrantedTo(functionLogicalId: string): string[] {
  return statementsOf(functionLogicalId).flatMap((statement) => asArray(statement.Action));
}

/** A function's manifest name (the route's or worker's). */
function nameOf(fn: ServiceFunction): string {
  const manifest = namedManifests.find((candidate) => candidate.handler === fn.entry);
  if (!manifest) throw new Error(`no manifest runs ${fn.entry}`);
  return manifest.name;
}

interface TableRights {
  /** Item actions on the table's ARN, without `dynamodb:`. */
  readonly items: readonly string[];
  /** Indexes it may Query. */
  readonly indexes: readonly string[];
  /** The `dynamodb:LeadingKeys` patterns its item actions are held to, when any. */
  readonly keys?: readonly string[];
}

/** What the synthesized policies let a function do on the table and its indexes. */
function tableRightsOf(functionLogicalId: string): TableRights {
  const tableArn = `${logicalIdOf(stateful.table)}Arn`;
  const items = new Set<string>();
  const indexes = new Set<string>();
  let keys: string[] | undefined;
  for (const statement of statementsOf(functionLogicalId) as (Statement & { Condition?: unknown })[]) {
    const actions = asArray(statement.Action).filter((action) => /^dynamodb:(\w+Item|Query)$/.test(action));
    if (actions.length === 0) continue;
    for (const resource of asArray(statement.Resource as unknown)) {
      const text = JSON.stringify(resource);
      const index = /\/index\/(\w+)/.exec(text)?.[1];
      if (index) {
        expect(actions, `${functionLogicalId} on ${index}`).toEqual(['dynamodb:Query']);
        indexes.add(index);
      } else if (text.includes(tableArn)) {
        for (const action of actions) items.add(action.replace('dynamodb:', ''));
        const condition = statement.Condition as
          | { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: string | string[] } }
          | undefined;
        const leading = condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
        if (leading !== undefined) keys = [...asArray(leading)].sort();
      } else throw new Error(`${functionLogicalId}: DynamoDB actions on ${text}`);
    }
  }
  return { items: [...items].sort(), indexes: [...indexes].sort(), ...(keys ? { keys } : {}) };
}

/** `ticketWrites`: the ticket read is a Query of its partition (its item and detail item, ADR 23). */
const ticketItems = ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];

/**
 * Every function's rights on the table, written out: a change to a manifest's table declaration
 * must change this table too. Items are actions on the table's ARN (a transaction is authorised
 * by its item actions), indexes are Query on that index's ARN, keys the partitions the items are
 * held to.
 */
const expectedTableRights: Readonly<Record<string, TableRights>> = {
  getHealth: { items: [], indexes: [] },
  getOpenApi: { items: [], indexes: [] },
  getDocs: { items: [], indexes: [] },
  putOrder: { items: ['DeleteItem', 'Query', 'UpdateItem'], indexes: [], keys: ['ORDER#*'] },
  getOrder: { items: ['Query'], indexes: [], keys: ['ORDER#*'] },
  listOrders: { items: ['BatchGetItem', 'Query'], indexes: ['GSI1'], keys: ['ORDER#*'] },
  createTicket: { items: ticketItems, indexes: [] },
  listTickets: {
    items: ['BatchGetItem', 'GetItem'],
    indexes: ['GSI1', 'GSI2', 'GSI3', 'GSI5', 'GSI6', 'GSI7', 'GSI8'],
  },
  getTicket: { items: ['Query'], indexes: [], keys: ['MACROS', 'TICKET#*'] },
  postMessage: { items: ticketItems, indexes: [] },
  applyMacro: { items: ticketItems, indexes: [] },
  getRefundAttempt: { items: ['Query'], indexes: [], keys: ['TICKET#*'] },
  recordReturnDelivery: { items: ticketItems, indexes: [] },
  performAction: { items: ticketItems, indexes: [] },
  rateTicket: { items: ['GetItem', 'PutItem', 'Query'], indexes: [], keys: ['SETTINGS', 'TICKET#*'] },
  answerSurvey: { items: ['GetItem', 'PutItem', 'Query'], indexes: [], keys: ['SETTINGS', 'TICKET#*'] },
  listSlaPolicies: { items: ['Query'], indexes: [], keys: ['SLAPOLICIES'] },
  putSlaPolicy: { items: ['PutItem', 'Query', 'UpdateItem'], indexes: [], keys: ['SETTINGS', 'SLAPOLICIES'] },
  getAfterSalesPolicy: { items: ['GetItem'], indexes: [], keys: ['SETTINGS'] },
  putAfterSalesPolicy: { items: ['GetItem', 'PutItem', 'UpdateItem'], indexes: [], keys: ['SETTINGS'] },
  getClassifier: { items: ['GetItem'], indexes: [], keys: ['SETTINGS'] },
  putClassifier: { items: ['GetItem', 'PutItem', 'UpdateItem'], indexes: [], keys: ['SETTINGS'] },
  listMacros: { items: ['Query'], indexes: [], keys: ['MACROS'] },
  getMacro: { items: ['GetItem'], indexes: [], keys: ['MACROS'] },
  putMacro: { items: ['GetItem', 'PutItem'], indexes: [], keys: ['MACROS'] },
  deleteMacro: { items: ['DeleteItem'], indexes: [], keys: ['MACROS'] },
  getReportSummary: { items: ['Query'], indexes: [], keys: ['RPT#*', 'STAFF'] },
  exportCustomerData: { items: ['BatchGetItem', 'GetItem', 'Query'], indexes: ['GSI1'] },
  exportMyData: { items: ['BatchGetItem', 'GetItem', 'Query'], indexes: ['GSI1'] },
  eraseCustomer: { items: ['GetItem', 'PutItem'], indexes: [], keys: ['ERASURE#*'] },
  getErasure: { items: ['GetItem'], indexes: [], keys: ['ERASURE#*'] },
  listStaff: { items: ['Query'], indexes: [], keys: ['STAFF'] },
  putMyAvailability: { items: ['GetItem', 'UpdateItem'], indexes: [], keys: ['STAFF'] },
  getStaff: { items: ['GetItem'], indexes: [], keys: ['STAFF'] },
  putStaff: { items: ['GetItem', 'Query', 'UpdateItem'], indexes: [], keys: ['STAFF'] },
  listTeams: { items: ['Query'], indexes: [], keys: ['STAFF'] },
  getTeam: { items: ['GetItem', 'Query'], indexes: [], keys: ['STAFF'] },
  putTeam: { items: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: [], keys: ['STAFF'] },
  getRoutingRules: { items: ['GetItem'], indexes: [], keys: ['SETTINGS'] },
  putRoutingRules: {
    items: ['GetItem', 'PutItem', 'Query', 'UpdateItem'],
    indexes: [],
    keys: ['SETTINGS', 'STAFF'],
  },
  'event-router': { items: [], indexes: [] },
  'report-aggregator': { items: ['PutItem', 'UpdateItem'], indexes: [], keys: ['RPT#*', 'RPTEV#*'] },
  'sla-timer-worker': { items: ticketItems, indexes: ['GSI6'] },
  notifier: {
    items: ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    indexes: [],
  },
  'refund-worker': { items: ticketItems, indexes: ['GSI1'] },
  'return-worker': { items: ticketItems, indexes: [] },
  'complaint-worker': { items: ticketItems, indexes: [] },
  'privacy-worker': {
    items: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    indexes: ['GSI1'],
  },
  assigner: { items: ticketItems, indexes: [] },
  'sla-sweeper': { items: [], indexes: ['GSI4'] },
  'ses-feedback': { items: ['PutItem'], indexes: [], keys: ['SUPPRESSION#*'] },
  'inbound-email': {
    items: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    indexes: [],
  },
};

/** `{ 'Fn::ImportValue': '...<logicalId>Arn...' }`: how the stateless stack names a stateful ARN (for Template matchers). */
function importedArnOf(construct: Parameters<typeof logicalIdOf>[0]) {
  return { 'Fn::ImportValue': Match.stringLikeRegexp(`${logicalIdOf(construct)}Arn`) };
}

/** The same, for vitest's `toEqual`. */
function importedArn(construct: Parameters<typeof logicalIdOf>[0]) {
  return { 'Fn::ImportValue': expect.stringMatching(new RegExp(`${logicalIdOf(construct)}Arn`)) };
}

describe('stateless stack: functions', () => {
  it('creates one function per distinct route handler, the table-stream router and aggregator, each queue consumer, each schedule and each event consumer', () => {
    expect(Object.keys(functions)).toHaveLength(
      distinctHandlers.length + 2 + queueConsumers.length + schedules.length + eventConsumers.length,
    );
    expect(everyFunction.map((fn) => logicalIdOf(fn.function)).sort()).toEqual(Object.keys(functions).sort());
    for (const worker of [...queueConsumers, ...schedules, ...eventConsumers]) {
      expect(functions[functionLogicalIdFor(worker.handler)]?.Properties.FunctionName).toBe(
        `redress-dev-${worker.name}`,
      );
    }
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

  it('gives every function the table, bus, queue URLs and Powertools settings, and the variables and secret names its manifest declares', () => {
    const expectedKeys = [
      'TABLE_NAME',
      'EVENT_BUS_NAME',
      ...queueDefinitions.map((definition) => queueUrlEnvName(definition.name)),
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'NODE_OPTIONS',
    ];
    // Variables the stage sets; the others keep their defaults on AWS.
    const deployed = new Set([
      'AUTO_CLOSE_DAYS',
      'MAIL_FROM',
      'APP_URL',
      'SES_CONFIGURATION_SET',
      'PAYMENT_GATEWAY_URL',
      'CARRIER_URL',
    ]);
    let settlingTickets = 0;
    for (const serviceFunction of everyFunction) {
      const id = logicalIdOf(serviceFunction.function);
      const fn = resourceById(functions, id);
      const declared = declaredAccessOf(serviceFunction);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const sendsEmail = actionsGrantedTo(id).includes('ses:SendEmail');
      const settles = declared.variables.includes(ticketsConfig.variables.autoCloseDays);
      if (settles) settlingTickets += 1;
      expect(Object.keys(variables).sort(), id).toEqual(
        [
          ...new Set([
            ...expectedKeys,
            ...declared.variables.map((variable) => variable.name).filter((name) => deployed.has(name)),
            ...declared.secrets.map(secretNameEnvName),
          ]),
        ].sort(),
      );
      expect(sendsEmail, id).toBe(declared.sendEmail);
      if (sendsEmail) expect(variables.MAIL_FROM, id).toBe('support@shop.example');
      if (settles) expect(variables.AUTO_CLOSE_DAYS, id).toBe('14');
      expect(variables.NODE_OPTIONS, id).toBe('--enable-source-maps');
      expect(variables.POWERTOOLS_METRICS_NAMESPACE, id).toBe('Redress');
    }
    expect(settlingTickets).toBeGreaterThan(0);
    const worker = functions[logicalIdOf(slaWorker.function)];
    expect(worker?.Properties.Environment).toMatchObject({ Variables: { AUTO_CLOSE_DAYS: '14' } });
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
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) expect(Object.keys(reviewedPublicRoutes)).toContain(routeKey(route));
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

  it("verifies tokens issued by the stage user pool for its app client, the staff client and the console's client", () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [
          Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolAppClient') }),
          Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolStaffClient') }),
          Match.objectLike({
            'Fn::ImportValue': Match.stringLikeRegexp(`${logicalIdOf(stateless.webConsole.signInClient!)}`),
          }),
        ],
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

  it("allows the configured origins and the console's, and the Authorization, Content-Type and Idempotency-Key headers", () => {
    const api = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'))[0]?.Properties;
    const cors = api?.CorsConfiguration as {
      AllowOrigins: string[];
      AllowHeaders: string[];
      AllowMethods: string[];
    };

    expect(api?.ProtocolType).toBe('HTTP');
    expect(cors.AllowOrigins).toEqual(['https://shop.example', consoleUrl]);
    expect(cors.AllowHeaders).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key']);
    expect([...cors.AllowMethods].sort()).toEqual(
      [...new Set([...routeList.map((route) => route.method), 'OPTIONS'])].sort(),
    );
  });

  it('throttles each write route below the stage, the public survey answer far below the rest', () => {
    const stageResource = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'))[0];
    const settings = stageResource?.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const writes = routeList.filter((route) => route.method !== 'GET');
    expect(Object.keys(settings).sort()).toEqual(
      writes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of writes) {
      const own = settings[`${route.method} ${route.path}`];
      const expected = route.roles === 'public' ? ROUTE_THROTTLES.publicWrite : ROUTE_THROTTLES.write;
      expect(own, `${route.method} ${route.path}`).toEqual({
        ThrottlingRateLimit: expected.rateLimit,
        ThrottlingBurstLimit: expected.burstLimit,
      });
      expect(own?.ThrottlingRateLimit).toBeLessThan(100);
    }
    expect(settings['POST /v1/surveys/{surveyToken}']?.ThrottlingRateLimit).toBe(5);
    // The stage is created after the routes its settings name.
    const routeIds = Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'))
      .filter(([, route]) => writes.some((w) => route.Properties.RouteKey === `${w.method} ${w.path}`))
      .map(([id]) => id);
    expect(stageResource?.DependsOn).toEqual(expect.arrayContaining(routeIds));
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

describe('workers stack: table-stream router', () => {
  it('reads the table stream from the start, bisects failing batches and reports item failures', () => {
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

describe('workers stack: table-stream aggregator', () => {
  it('reads the table stream with its own mapping, for Ticket items only, and gives up into the stream DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionLogicalIdFor(TABLE_STREAM_AGGREGATOR_ENTRY) },
      EventSourceArn: {
        'Fn::ImportValue': Match.stringLikeRegexp(`${logicalIdOf(stateful.table)}StreamArn`),
      },
      StartingPosition: 'TRIM_HORIZON',
      MaximumBatchingWindowInSeconds: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ dynamodb: { NewImage: { entityType: { S: ['Ticket'] } } } }) },
          { Pattern: JSON.stringify({ dynamodb: { OldImage: { entityType: { S: ['Ticket'] } } } }) },
        ],
      },
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::ImportValue': Match.stringLikeRegexp(logicalIdOf(stateful.streamDeadLetterQueue)),
          },
        },
      },
    });
  });

  it('lets the aggregator write the table but not read it or publish events', () => {
    const actions = actionsGrantedTo(functionLogicalIdFor(TABLE_STREAM_AGGREGATOR_ENTRY));
    // A transaction is authorised item by item: the marker's PutItem, the counters' UpdateItem.
    // SendMessage is the stream DLQ's, for batches given up.
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:GetRecords',
        'sqs:SendMessage',
      ]),
    );
    expect(actions.filter((action) => /dynamodb:(GetItem|Query|DeleteItem)$|^events:/.test(action))).toEqual(
      [],
    );
  });
});

describe('workers stack: queue consumers', () => {
  const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping'));
  const sqsMappings = mappings.filter((mapping) => mapping.Properties.StartingPosition === undefined);

  it('has one event source mapping per queueConsumers entry plus two on the table stream', () => {
    // The table stream feeds the router and the aggregator.
    expect(mappings).toHaveLength(queueConsumers.length + 2);
    expect(sqsMappings).toHaveLength(queueConsumers.length);
  });

  it('feeds each consumer from its queue with its batch size, a batching window and partial batch failures', () => {
    for (const consumer of queueConsumers) {
      const queue = stateful.workflowQueue(consumer.queue).queue;
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionLogicalIdFor(consumer.handler) },
        EventSourceArn: importedArnOf(queue),
        BatchSize: consumer.batchSize,
        MaximumBatchingWindowInSeconds: Match.anyValue(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('keeps each queue visibility timeout at least six times the consumer timeout plus the batching window', () => {
    for (const consumer of queueConsumers) {
      const definition = queueDefinitions.find((candidate) => candidate.name === consumer.queue)!;
      const fnId = functionLogicalIdFor(consumer.handler);
      const timeout = resourceById(functions, fnId).Properties.Timeout as number;
      const mapping = sqsMappings.find(
        (candidate) => JSON.stringify(candidate.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
      );
      const window = (mapping?.Properties.MaximumBatchingWindowInSeconds as number | undefined) ?? 0;
      expect(timeout, consumer.name).toBeGreaterThanOrEqual(3);
      expect(definition.visibilityTimeoutSeconds, consumer.name).toBeGreaterThanOrEqual(
        VISIBILITY_TIMEOUT_FACTOR * timeout + window,
      );
    }
  });

  it('grants each consumer what its entry in functions/events/workers.ts declares, and nothing else to send to', () => {
    for (const consumer of queueConsumers) {
      const access = accessOf(consumer);
      const fnId = functionLogicalIdFor(consumer.handler);
      const statements = statementsOf(fnId);
      const sendTargets = statements
        .filter((statement) => asArray(statement.Action).includes('sqs:SendMessage'))
        .map((statement) => statement.Resource);
      expect(sendTargets, consumer.name).toEqual(
        access.sendTo.map((name) => importedArn(stateful.workflowQueue(name).queue)),
      );
      const receives = statements.filter((statement) =>
        asArray(statement.Action).includes('sqs:ReceiveMessage'),
      );
      expect(
        receives.map((statement) => statement.Resource),
        consumer.name,
      ).toEqual([importedArn(stateful.workflowQueue(consumer.queue).queue)]);
      const tableActions = actionsGrantedTo(fnId).filter((action) => action.startsWith('dynamodb:'));
      expect(new Set(tableActions), consumer.name).toEqual(
        new Set([...access.table.items, ...(access.table.queryIndexes.length > 0 ? ['dynamodb:Query'] : [])]),
      );
      const email = statements.filter((statement) => asArray(statement.Action).includes('ses:SendEmail'));
      if (access.sendEmail) {
        expect(email, consumer.name).toHaveLength(1);
        expect(JSON.stringify(email[0]?.Resource), consumer.name).toContain(
          `${logicalIdOf(stateful.emailIdentity!)}`,
        );
        expect(JSON.stringify(email[0]?.Resource), consumer.name).toContain(':configuration-set/');
      } else {
        expect(email, consumer.name).toEqual([]);
      }
    }
  });

  it('fires SLA timers without a batching window and with bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(slaWorker.function) },
      MaximumBatchingWindowInSeconds: 0,
      ScalingConfig: { MaximumConcurrency: Match.anyValue() },
    });
  });
});

describe('stateless stack: partner endpoints and signing secrets', () => {
  const refundWorker = queueConsumers.find((consumer) => consumer.queue === 'refunds');
  const returnWorker = queueConsumers.find((consumer) => consumer.queue === 'returns');
  const notifier = queueConsumers.find((consumer) => consumer.queue === 'notifications');
  if (!refundWorker || !returnWorker || !notifier) throw new Error('workers.ts lost a consumer');

  function variablesOf(entry: string): Record<string, unknown> {
    const fn = resourceById(functions, functionLogicalIdFor(entry));
    return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  }

  /** The secret ARNs a function may read, as the joined template string. */
  function readableSecretsOf(entry: string): string[] {
    return statementsOf(functionLogicalIdFor(entry))
      .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('secretsmanager:')))
      .map((statement) => {
        expect(statement.Effect).toBe('Allow');
        expect(asArray(statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
        return asArray(statement.Resource as unknown)
          .map((resource) => JSON.stringify(resource))
          .join(' ');
      });
  }
  const secretArn = (name: string) =>
    expect.stringMatching(new RegExp(`:secretsmanager:.*:secret:${name}-\\?{6}"`));

  it('gives the refund worker the gateway URL and secret name, and GetSecretValue on that secret only', () => {
    expect(variablesOf(refundWorker.handler)).toMatchObject({
      PAYMENT_GATEWAY_URL: 'https://payments.shop.example/v1',
      PAYMENT_GATEWAY_SECRET_NAME: 'test/payment-gateway-hmac',
    });
    expect(readableSecretsOf(refundWorker.handler)).toEqual([secretArn('test/payment-gateway-hmac')]);
  });

  it('gives the return worker the carrier URL and secret name, and GetSecretValue on that secret only', () => {
    expect(variablesOf(returnWorker.handler)).toMatchObject({
      CARRIER_URL: 'https://carrier.shop.example/api',
      CARRIER_SECRET_NAME: 'test/carrier-hmac',
    });
    expect(readableSecretsOf(returnWorker.handler)).toEqual([secretArn('test/carrier-hmac')]);
  });

  it('gives the survey signer (notifier) and verifiers the survey secret, and the notifier APP_URL', () => {
    expect(variablesOf(notifier.handler)).toMatchObject({
      APP_URL: 'https://shop.example',
      SURVEY_SECRET_NAME: 'test/survey-key',
      REPLY_ADDRESS_SECRET_NAME: 'redress-dev/reply-address-secret',
    });
    expect(readableSecretsOf(notifier.handler)).toEqual([
      secretArn('test/survey-key'),
      secretArn('redress-dev/reply-address-secret'),
      secretArn('test/address-hash-key'),
    ]);
    expect(SURVEY_TOKEN_VERIFIERS.length).toBeGreaterThan(0);
    for (const handler of SURVEY_TOKEN_VERIFIERS) {
      expect(variablesOf(handler), handler).toMatchObject({ SURVEY_SECRET_NAME: 'test/survey-key' });
      expect(readableSecretsOf(handler), handler).toEqual([secretArn('test/survey-key')]);
    }
    for (const handler of PAYMENT_GATEWAY_READERS) {
      expect(variablesOf(handler), handler).toMatchObject({
        PAYMENT_GATEWAY_SECRET_NAME: 'test/payment-gateway-hmac',
      });
      expect(readableSecretsOf(handler), handler).toEqual([secretArn('test/payment-gateway-hmac')]);
    }
  });

  it('lets no other function read any secret', () => {
    const readers = new Set([
      refundWorker.handler,
      returnWorker.handler,
      notifier.handler,
      ...SURVEY_TOKEN_VERIFIERS,
      ...PAYMENT_GATEWAY_READERS,
      ...ADDRESS_HASH_READERS,
    ]);
    for (const fn of everyFunction) {
      if (readers.has(fn.entry)) continue;
      expect(readableSecretsOf(fn.entry), fn.entry).toEqual([]);
    }
  });

  it('puts no plain secret into any function environment', () => {
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(
        Object.keys(variables).filter((name) => name.endsWith('_SECRET')),
        id,
      ).toEqual([]);
    }
  });

  it('warns at synth when a stage has no partner endpoint for a worker that calls one; links go to the console', () => {
    // No bundling: only the template matters here.
    const bare = buildStage({
      stage: 'bare',
      sesFromAddress: 'support@shop.example',
      'aws:cdk:bundling-stacks': [],
    });
    const warnings = [bare.stateless, bare.workers].flatMap((stack) =>
      Annotations.fromStack(stack)
        .findWarning('*', Match.stringLikeRegexp('reads (PAYMENT_GATEWAY_URL|CARRIER_URL|APP_URL)'))
        .map((warning) => String(warning.entry.data)),
    );
    // The refund worker and the staff's refund-attempt look-up read PAYMENT_GATEWAY_URL; APP_URL
    // is never missing: without appUrl it is the console's URL.
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).toMatch(/paymentGatewayUrl/);
    expect(warnings.join('\n')).toMatch(/carrierUrl/);
    const bareTemplate = codeTemplate(bare);
    const bareFunctions = resourcesOfType(bareTemplate, 'AWS::Lambda::Function');
    const bareVariables = Object.values(bareFunctions)
      .map((fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables)
      .find((variables) => 'PAYMENT_GATEWAY_SECRET_NAME' in variables);
    expect(bareVariables?.PAYMENT_GATEWAY_SECRET_NAME).toBe('redress-bare/payment-gateway-secret');
    expect(bareVariables).not.toHaveProperty('PAYMENT_GATEWAY_URL');
    const bareNotifier = resourceById(bareFunctions, functionLogicalIdFor(notifier.handler));
    expect(
      (bareNotifier.Properties.Environment as { Variables: Record<string, unknown> }).Variables.APP_URL,
    ).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::ImportValue': expect.stringMatching(/^redress-bare-console:.*DomainName/) }],
      ],
    });
  });
});

describe('workers stack: schedules', () => {
  const rules = resourcesOfType(template, 'AWS::Events::Rule');

  it('runs each schedule from a rule at its rate, with a retry policy and a dead-letter queue', () => {
    const scheduleRules = Object.values(rules).filter((rule) => rule.Properties.ScheduleExpression);
    expect(scheduleRules).toHaveLength(schedules.length);
    for (const schedule of schedules) {
      const fn = workers.scheduledFunctions.get(schedule.name)!;
      const minutes = schedule.everySeconds / 60;
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: `redress-dev-${schedule.name}`,
        ScheduleExpression: `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalIdOf(fn.function), 'Arn'] },
            RetryPolicy: {
              MaximumRetryAttempts: Match.anyValue(),
              MaximumEventAgeInSeconds: Match.anyValue(),
            },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(fn.deadLetterQueue), 'Arn'] } },
          }),
        ],
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `redress-dev-${schedule.name}-dlq`,
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('runs the SLA sweeper every minute and lets only its rule invoke it and fill its DLQ', () => {
    const ruleId = logicalIdOf(sweeper.rule);
    expect(rules[ruleId]?.Properties.ScheduleExpression).toBe('rate(1 minute)');
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf(sweeper.function), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(sweeper.deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('does not retry a failed sweep asynchronously: the next run is at most a period away', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(sweeper.function) },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });
});

describe('workers stack: SES feedback (bounces and complaints)', () => {
  const definition = eventConsumers.find((consumer) => consumer.name === SES_FEEDBACK_CONSUMER);
  if (!definition) throw new Error('workers.ts lost the ses-feedback consumer');
  const feedback = workers.eventConsumers.get(SES_FEEDBACK_CONSUMER)!;
  const fnId = logicalIdOf(feedback.function);
  const ruleId = logicalIdOf(feedback.rule);
  const dlqId = logicalIdOf(feedback.deadLetterQueue);
  const rules = resourcesOfType(template, 'AWS::Events::Rule');

  it('runs the SES event handler as redress-dev-ses-feedback on nodejs22.x, arm64, traced', () => {
    expect(definition.handler).toBe('functions/notifications/handlers/on-ses-event.ts');
    expect(feedback.entry).toBe(definition.handler);
    expect(resourceById(functions, fnId).Properties).toMatchObject({
      FunctionName: 'redress-dev-ses-feedback',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'notifications' } },
    });
  });

  it("matches the stage configuration set's bounces and complaints on the default bus", () => {
    const rule = resourceById(rules, ruleId).Properties;
    expect(rule.EventBusName).toBeUndefined();
    expect(rule).toMatchObject({ Name: 'redress-dev-ses-feedback', State: 'ENABLED' });
    expect(rule.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received'],
      detail: {
        mail: {
          tags: {
            'ses:configuration-set': [
              {
                'Fn::ImportValue': expect.stringMatching(
                  new RegExp(`ExportsOutputRef${logicalIdOf(stateful.emailConfigurationSet)}`),
                ),
              },
            ],
          },
        },
      },
    });
  });

  it('invokes the function with retries, parks undeliverable events in its DLQ and lets only this rule invoke it', () => {
    const targets = resourceById(rules, ruleId).Properties.Targets as Record<string, unknown>[];
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    });
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (permission) =>
        JSON.stringify(permission.Properties.FunctionName) ===
        JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
    );
    expect(permissions.map((permission) => permission.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      },
    ]);
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'redress-dev-ses-feedback-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    });
  });

  it('keeps events the function failed on after its asynchronous retries in the same DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  it('alarms on the first message in its DLQ, and on its errors and throttles', () => {
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties,
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        AlarmName: 'redress-dev-ses-feedback-dlq-dead-letters',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        // Watched by name from the stateless stack (ADR 24): the names the queue and function have.
        Dimensions: [{ Name: 'QueueName', Value: 'redress-dev-ses-feedback-dlq' }],
      }),
    );
    expect(resourceById(template.toJSON().Resources, dlqId).Properties.QueueName).toBe(
      'redress-dev-ses-feedback-dlq',
    );
    for (const name of ['errors', 'throttles']) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          AlarmName: `redress-dev-ses-feedback-${name}`,
          Dimensions: [{ Name: 'FunctionName', Value: 'redress-dev-ses-feedback' }],
        }),
      );
    }
  });

  it('may only PutItem on the table (the suppression list), send to its own DLQ, and write its logs and traces', () => {
    expect(accessOf(definition).table).toEqual({
      items: ['dynamodb:PutItem'],
      queryIndexes: [],
      leadingKeys: ['SUPPRESSION#*'],
    });
    const statements = statementsOf(fnId);
    const dynamo = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: importedArn(stateful.table),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUPPRESSION#*'] } },
      },
    ]);
    const sqsStatements = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('sqs:')),
    );
    expect(sqsStatements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [dlqId, 'Arn'] }]);
    expect(
      actionsGrantedTo(fnId).filter(
        (action) =>
          !/^(logs:(CreateLogStream|PutLogEvents)|xray:(PutTraceSegments|PutTelemetryRecords)|dynamodb:PutItem|sqs:(SendMessage|GetQueueAttributes|GetQueueUrl))$/.test(
            action,
          ),
      ),
    ).toEqual([]);
  });
});

describe('stateless stack: least privilege', () => {
  it('grants every function exactly the DynamoDB rights of the table below, no more', () => {
    const present = everyFunction.map((fn) => nameOf(fn));
    expect(Object.keys(expectedTableRights)).toEqual(expect.arrayContaining(present));
    for (const fn of everyFunction) {
      const name = nameOf(fn);
      expect(tableRightsOf(logicalIdOf(fn.function)), name).toEqual(expectedTableRights[name]);
    }
  });

  it('lets the public survey answer write only its ticket, never delete, and read only what it uses', () => {
    const answerSurvey = routeList.find((route) => route.name === 'answerSurvey')!;
    const rights = tableRightsOf(functionLogicalIdFor(answerSurvey.handler));
    expect(rights.items).not.toContain('DeleteItem');
    expect(rights).toEqual({
      items: ['GetItem', 'PutItem', 'Query'],
      indexes: [],
      keys: ['SETTINGS', 'TICKET#*'],
    });
  });

  it('grants ticket creation what Powertools idempotency needs on the table', () => {
    const createTicket = routeList.find((route) => route.name === 'createTicket')!;
    expect(actionsGrantedTo(functionLogicalIdFor(createTicket.handler))).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ]),
    );
  });

  it('names the table and each index by ARN, never <table>/index/*, and allows only Query on indexes', () => {
    const dynamoStatements = allPolicyStatements(template).filter(({ statement }) =>
      asArray(statement.Action).some((action) => /^dynamodb:\w+Item$|^dynamodb:Query$/.test(action)),
    );
    expect(dynamoStatements.length).toBeGreaterThan(0);
    for (const { owner, statement } of dynamoStatements) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources, owner).not.toContain('*');
      if (resources.includes('/index/')) expect(asArray(statement.Action), owner).toEqual(['dynamodb:Query']);
    }
  });

  it('lets the SLA sweeper Query the due-timer index only and send to the sla-timers queue only', () => {
    const statements = statementsOf(logicalIdOf(sweeper.function));
    const dynamo = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: {
          'Fn::Join': ['', [importedArn(stateful.table), `/index/${DUE_TIMER_INDEX}`]],
        },
      },
    ]);
    const sqsStatements = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('sqs:')),
    );
    expect(sqsStatements).toHaveLength(1);
    expect(asArray(sqsStatements[0]!.Action)).toContain('sqs:SendMessage');
    expect(sqsStatements[0]!.Resource).toEqual(importedArn(slaTimerQueue));
    expect(
      actionsGrantedTo(logicalIdOf(sweeper.function)).filter(
        (action) =>
          !/^(logs|xray|dynamodb:Query$|sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$)/.test(action),
      ),
    ).toEqual([]);
  });

  it('lets the SLA timer worker read and write tickets, query the open-tickets index, consume and re-enqueue sla-timers, and hand due retentions to privacy', () => {
    const statements = statementsOf(logicalIdOf(slaWorker.function));
    const onTable = statements.filter(
      (statement) =>
        JSON.stringify(statement.Resource).includes(`${logicalIdOf(stateful.table)}Arn`) &&
        !JSON.stringify(statement.Resource).includes('/index/'),
    );
    expect(onTable.flatMap((statement) => asArray(statement.Action)).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const onIndexes = statements.filter((statement) =>
      JSON.stringify(statement.Resource).includes('/index/'),
    );
    expect(onIndexes).toHaveLength(1);
    expect(JSON.stringify(onIndexes[0]?.Resource)).toContain('/index/GSI6"');
    const sends = statements.filter((statement) => asArray(statement.Action).includes('sqs:SendMessage'));
    expect(sends.map((statement) => statement.Resource)).toEqual([
      importedArn(slaTimerQueue),
      importedArn(privacyQueue),
    ]);
    expect(actionsGrantedTo(logicalIdOf(slaWorker.function))).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']),
    );
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
  const topicId = logicalIdOf(stateless.alarmTopic);
  /** The monitoring stack imports the stateless stack's topic (ADR 24). */
  const topicImport = {
    'Fn::ImportValue': expect.stringMatching(new RegExp(`^redress-dev-stateless:.*${topicId}`)),
  };
  const functionNames = Object.values(functions).map((fn) => fn.Properties.FunctionName as string);

  const expectedAlarmNames = [
    ...queueDefinitions.map((definition) => `redress-dev-${definition.name}-dlq-dead-letters`),
    'redress-dev-table-stream-dlq-dead-letters',
    ...queueDefinitions.map((definition) => `redress-dev-${definition.name}-oldest-message-age`),
    'redress-dev-api-5xx',
    'redress-dev-api-latency-p99',
    ...functionNames.flatMap((name) => [`${name}-errors`, `${name}-throttles`]),
    'redress-dev-on-table-change-iterator-age',
    'redress-dev-report-aggregator-iterator-age',
    ...schedules.map((schedule) => `redress-dev-${schedule.name}-dlq-dead-letters`),
    ...eventConsumers.map((consumer) => `redress-dev-${consumer.name}-dlq-dead-letters`),
    'redress-dev-sla-breaches',
    'redress-dev-sla-escalation-lag',
    'redress-dev-sla-operations-escalations',
    'redress-dev-workflows-stuck',
    'redress-dev-sla-sweeper-heartbeat',
  ];

  it('has every expected alarm and sends both ALARM and OK to the alarm topic', () => {
    expect([...byName.keys()].sort()).toEqual([...expectedAlarmNames].sort());
    for (const [name, alarm] of byName) {
      expect(alarm.Properties.AlarmActions, name).toEqual([topicImport]);
      expect(alarm.Properties.OKActions, name).toEqual([topicImport]);
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

  it('raises a DLQ alarm on the first visible message of each schedule DLQ', () => {
    // The workers' queues are watched by name (ADR 24): the name the queue is created with.
    for (const [name, fn] of workers.scheduledFunctions) {
      expect(
        resourceById(template.toJSON().Resources, logicalIdOf(fn.deadLetterQueue)).Properties,
      ).toMatchObject({ QueueName: `redress-dev-${name}-dlq` });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        Dimensions: [{ Name: 'QueueName', Value: `redress-dev-${name}-dlq` }],
      });
    }
  });

  const slaAlarm = (name: string) => {
    const alarm = byName.get(`redress-dev-${name}`);
    if (!alarm) throw new Error(`no alarm ${name}`);
    return alarm.Properties;
  };

  it('alarms on more SLA breaches in 5 minutes than the stage threshold', () => {
    expect(slaAlarm('sla-breaches')).toMatchObject({
      Namespace: 'Redress',
      MetricName: 'SlaBreaches',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 25,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when escalations fire more than 60 s late (p99) and on any operations escalation', () => {
    expect(slaAlarm('sla-escalation-lag')).toMatchObject({
      MetricName: 'EscalationLagSeconds',
      ExtendedStatistic: 'p99',
      Threshold: 60,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(slaAlarm('sla-operations-escalations')).toMatchObject({
      MetricName: 'OperationsEscalations',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('treats a missing sweeper heartbeat over 3 consecutive minutes as breaching', () => {
    expect(slaAlarm('sla-sweeper-heartbeat')).toMatchObject({
      Namespace: 'Redress',
      MetricName: 'SweeperHeartbeat',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  /** What Powertools Metrics (functions/shared/observability.ts) prints for one metric of a function. */
  async function emittedMetric(fn: ServiceFunction, metricName: string) {
    const variables = (
      resourceById(functions, logicalIdOf(fn.function)).Properties.Environment as {
        Variables: Record<string, string>;
      }
    ).Variables;
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', variables.POWERTOOLS_SERVICE_NAME);
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', variables.POWERTOOLS_METRICS_NAMESPACE);
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.resetModules();
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      printed.push(String(line));
    });
    try {
      const { metrics } = await import('../../functions/shared/observability.js');
      metrics.addMetric(metricName, 'Count', 1);
      metrics.publishStoredMetrics();
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    const emf = JSON.parse(printed.find((line) => line.includes('"_aws"')) ?? '{}') as Record<
      string,
      unknown
    > & {
      _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
    };
    const [directive] = emf._aws.CloudWatchMetrics;
    return {
      namespace: directive?.Namespace,
      dimensionSets: (directive?.Dimensions ?? []).map((names) =>
        names.map((name) => ({ Name: name, Value: emf[name] })),
      ),
    };
  }

  it('uses exactly the namespace and dimensions that Powertools emits for each SLA metric', async () => {
    const cases: [string, ServiceFunction, string][] = [
      ['sla-breaches', slaWorker, 'SlaBreaches'],
      ['sla-escalation-lag', slaWorker, 'EscalationLagSeconds'],
      ['sla-operations-escalations', slaWorker, 'OperationsEscalations'],
      ['workflows-stuck', slaWorker, 'WorkflowsStuck'],
      ['sla-sweeper-heartbeat', sweeper, 'SweeperHeartbeat'],
    ];
    for (const [alarmName, fn, metricName] of cases) {
      const emitted = await emittedMetric(fn, metricName);
      const alarm = slaAlarm(alarmName);
      expect(alarm.Namespace, alarmName).toBe(emitted.namespace);
      expect(emitted.dimensionSets, alarmName).toContainEqual(alarm.Dimensions);
    }
  });

  it('watches metric names that the SLA handlers really emit', () => {
    const workerSource = readFileSync(join(projectRootDir, slaWorkerDefinition.handler), 'utf8');
    const sweeperSource = readFileSync(join(projectRootDir, sweeperDefinition.handler), 'utf8');
    for (const name of [
      'SlaWarnings',
      'SlaBreaches',
      'SlaEscalations',
      'EscalationLagSeconds',
      'OperationsEscalations',
      'WorkflowsStuck',
    ])
      expect(workerSource, name).toContain(`'${name}'`);
    for (const name of ['SweeperHeartbeat', 'SweepDueTimers', 'SweepItemsRead'])
      expect(sweeperSource, name).toContain(`'${name}'`);
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
    for (const title of [
      'API requests and errors',
      'Dead-letter queues',
      'Function errors',
      'SLA warnings, breaches, escalations',
      'Escalation lag',
      'Sweeps: items read and timers due',
    ])
      expect(body).toContain(title);
    for (const metric of [
      'SlaWarnings',
      'SlaBreaches',
      'SlaEscalations',
      'EscalationLagSeconds',
      'SweepItemsRead',
      'SweepDueTimers',
    ])
      expect(body).toContain(`\\"${metric}\\"`);
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

  it('leaves no error or warning annotations on the stateful and code stacks', () => {
    for (const stack of [stateful, stateless, workers, monitoring]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue()), stack.stackName).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });
});
