import { Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage.js';
import { WebConsole } from '../constructs/web-console.js';
import type { StatefulResources } from './stateful-stack.js';

export interface ConsoleStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The built console (web/dist, or a stand-in in tests). */
  readonly consoleAssetPath: string;
}

/**
 * The web console's front (ADR 12): the bucket with the hashed assets, the CloudFront
 * distribution and the Hosted UI domain and app client on the stage's user pool. Deployed
 * before the stateless stack, whose API names the console (CORS, the authorizer's audience,
 * APP_URL); the page and its config.json, which name the API, come after it
 * (`ConsolePageStack`). A stack of its own because the stateless stack is near CloudFormation's
 * 500 resources.
 */
export class ConsoleStack extends Stack {
  readonly webConsole: WebConsole;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { config, stateful } = props;
    this.webConsole = new WebConsole(this, 'WebConsole', {
      prefix: config.resourcePrefix,
      assetPath: props.consoleAssetPath,
      // Any HTTP API of the region, not the stage's own: naming it would make this stack
      // depend on the stateless stack, which depends on this one.
      connectOrigins: [`https://*.execute-api.${this.region}.${this.urlSuffix}`],
      signIn: { userPool: stateful.userPool, domainPrefix: config.consoleDomainPrefix },
    });
  }
}

export interface ConsolePageStackProps extends StackProps {
  readonly config: StageConfig;
  readonly webConsole: WebConsole;
  readonly api: HttpApi;
}

/** The console's index.html and config.json (the API's URL, the sign-in settings), written after the API exists. */
export class ConsolePageStack extends Stack {
  constructor(scope: Construct, id: string, props: ConsolePageStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    props.webConsole.deployPage(this, { apiUrl: props.api.apiEndpoint });
  }
}
