import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routeList } from '../../../functions/api/routes.js';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, routeThrottle } from '../../config/http.js';
import type { StageConfig } from '../../config/stage.js';
import { kebabCase, pascalCase } from '../../constructs/naming.js';
import { ServiceFunction, type ServiceFunctionProps } from '../../constructs/service-function.js';
import type { StatefulResources } from '../stateful-stack.js';
import { accessOf, type FunctionAccessGrants } from './function-access.js';

/** Request headers the browser may send cross-origin. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'] as const;

/** Handlers of the API's own documents (health, OpenAPI, docs): they touch no data. */
export const API_DOCUMENT_HANDLERS = 'functions/api/';

/** `functions/<context>/handlers/x.ts` → `<context>`: the Powertools service name. */
export function serviceNameOf(entry: string): string {
  return /^functions\/([^/]+)\//.exec(entry)?.[1] ?? 'redress';
}

export type FunctionDefaults = Pick<ServiceFunctionProps, 'logRetentionDays' | 'logLevel' | 'removalPolicy'>;

/** What every function of a stage shares: log retention, log level and removal policy. */
export function functionDefaultsOf(config: StageConfig): FunctionDefaults {
  return {
    logRetentionDays: config.logRetentionDays,
    logLevel: config.logLevel,
    removalPolicy: config.removalPolicy,
  };
}

export interface HttpApiProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  readonly grants: FunctionAccessGrants;
  readonly functionDefaults: FunctionDefaults;
  /** The web console's app client: the authorizer accepts its tokens besides the app client's. */
  readonly consoleClient?: IUserPoolClient | undefined;
}

/**
 * The HTTP API (CORS, throttled default stage with access logs, the Cognito JWT authorizer) and
 * one function per distinct route handler, each with the environment and grants of its route's
 * manifest. Built in the stack's own scope, so construct ids stay as they were.
 */
export function addHttpApi(
  scope: Construct,
  props: HttpApiProps,
): { api: HttpApi; httpFunctions: Map<string, ServiceFunction> } {
  const { config, stateful, grants, functionDefaults } = props;
  const prefix = config.resourcePrefix;
  const allowedMethods = [...new Set(routeList.map((route) => route.method))];
  const api = new HttpApi(scope, 'HttpApi', {
    apiName: `${prefix}-api`,
    description: `Redress HTTP API (${config.stage})`,
    createDefaultStage: false,
    ...(config.corsAllowedOrigins.length > 0
      ? {
          corsPreflight: {
            allowOrigins: [...config.corsAllowedOrigins],
            allowMethods: [...allowedMethods.map((method) => CorsHttpMethod[method]), CorsHttpMethod.OPTIONS],
            allowHeaders: [...CORS_ALLOWED_HEADERS],
            maxAge: Duration.hours(1),
          },
        }
      : {}),
  });

  const accessLogGroup = new logs.LogGroup(scope, 'ApiAccessLogs', {
    logGroupName: `/aws/http-api/${prefix}-api`,
    retention: config.logRetentionDays as logs.RetentionDays,
    removalPolicy: config.removalPolicy,
  });
  const stage = api.addStage('DefaultStage', {
    stageName: '$default',
    autoDeploy: true,
    throttle: { rateLimit: config.apiThrottle.rateLimit, burstLimit: config.apiThrottle.burstLimit },
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogGroup),
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          ip: '$context.identity.sourceIp',
          userAgent: '$context.identity.userAgent',
          routeKey: '$context.routeKey',
          status: '$context.status',
          protocol: '$context.protocol',
          responseLength: '$context.responseLength',
          responseLatency: '$context.responseLatency',
          integrationLatency: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
          authorizerError: '$context.authorizer.error',
          principalId: '$context.authorizer.claims.sub',
        }),
      ),
    },
  });

  const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', stateful.userPool, {
    authorizerName: `${prefix}-cognito`,
    userPoolClients: [
      stateful.userPoolClient,
      stateful.staffClient,
      ...(props.consoleClient ? [props.consoleClient] : []),
    ],
    identitySource: ['$request.header.Authorization'],
  });
  const noAuthorizer = new HttpNoneAuthorizer();

  const httpFunctions = new Map<string, ServiceFunction>();
  /** Per-route throttles of the stage (RouteSettings, by route key), for the routes that write. */
  const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  for (const route of routeList) {
    const access = accessOf(route);
    let fn = httpFunctions.get(route.handler);
    if (!fn) {
      fn = new ServiceFunction(scope, pascalCase(route.name), {
        ...functionDefaults,
        environment: grants.environmentFor(access),
        entry: route.handler,
        functionName: `${prefix}-${kebabCase(route.name)}`,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
        serviceName: serviceNameOf(route.handler),
        timeout: Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS),
      });
      httpFunctions.set(route.handler, fn);
    }
    grants.grant(fn, access);

    const isPublic = route.roles === 'public';
    const httpRoutes = api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${pascalCase(route.name)}Integration`, fn.function),
      authorizer: isPublic ? noAuthorizer : authorizer,
    });
    const throttle = routeThrottle(route, config.apiThrottle);
    if (throttle) {
      routeSettings[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
      // A stage's route settings name routes that must exist first.
      stage.node.addDependency(...httpRoutes);
    }
    if (isPublic) {
      for (const httpRoute of httpRoutes) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (routes.ts roles: 'public'): ${route.summary}`,
        });
      }
    }
  }
  (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  return { api, httpFunctions };
}
