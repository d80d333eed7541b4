import {
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy, staticSecurityHeaders } from '../../web/tools/security-headers.js';

export interface WebConsoleProps {
  /** Physical-name prefix of the stage (`redress-<stage>`). */
  readonly prefix: string;
  /** The built console (web/dist: index.html and hashed assets/). */
  readonly assetPath: string;
  /**
   * The runtime configuration the console reads from `/config.json`: the API's URL; the
   * construct adds the sign-in settings (`signIn`). Tokens are never part of it. Without it,
   * nothing writes the page yet: call `deployPage` from a stack deployed after the API.
   */
  readonly runtimeConfig?: Readonly<Record<string, unknown>>;
  /** Origins the console calls besides its own (the API, the Cognito domain): the CSP's connect-src. */
  readonly connectOrigins: readonly string[];
  /**
   * Sign-in through Cognito's Hosted UI: the construct adds the pool's domain (this prefix) and
   * an app client for the console (authorization code grant, for PKCE; its callback and sign-out
   * URL is the console's `/signin`), and names both in `config.json`. The HTTP API's authorizer
   * must list `signInClient` among its app clients.
   */
  readonly signIn?: { readonly userPool: cognito.IUserPool; readonly domainPrefix: string };
  /** A custom domain: its names and an ACM certificate in us-east-1. Without it, the cloudfront.net name. */
  readonly domain?: { readonly names: readonly string[]; readonly certificate: acm.ICertificate };
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The web console on AWS: a private S3 bucket read only by a CloudFront distribution (origin
 * access control), HTTPS only, the security headers of the local server (a strict CSP among
 * them), the SPA fallback as a viewer-request function, and `/config.json` written at deploy
 * time. Hashed assets are cached for a year; index.html and config.json are revalidated.
 */
export class WebConsole extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The console's base URL: what `APP_URL` and the Cognito callback URLs become. */
  readonly url: string;
  /** The console's app client at the user pool (with `signIn`). */
  readonly signInClient: cognito.UserPoolClient | undefined;
  /** The Hosted UI's domain (with `signIn`). */
  readonly signInDomain: cognito.UserPoolDomain | undefined;

  private readonly assetPath: string;
  private readonly signIn: WebConsoleProps['signIn'];

  constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    this.assetPath = props.assetPath;
    this.signIn = props.signIn;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the console bucket and distribution; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Assets', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'bucket/',
      removalPolicy,
    });

    // A path with no file extension is a page of the single-page app: serve index.html.
    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      functionName: `${props.prefix}-console-spa-fallback`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Pages of the console (no file extension) are index.html',
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var last = request.uri.split('/').pop();",
          "  if (last.indexOf('.') === -1) request.uri = '/index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    // The Hosted UI lives on the pool's domain; the console calls its token and revocation endpoints.
    this.signInDomain = props.signIn
      ? new cognito.UserPoolDomain(this, 'SignInDomain', {
          userPool: props.signIn.userPool,
          cognitoDomain: { domainPrefix: props.signIn.domainPrefix },
        })
      : undefined;
    const connectOrigins = [
      ...props.connectOrigins,
      ...(this.signInDomain ? [this.signInDomain.baseUrl()] : []),
    ];

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${props.prefix}-console-security-headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(connectOrigins),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: staticSecurityHeaders['permissions-policy'],
            override: true,
          },
          {
            header: 'Cross-Origin-Opener-Policy',
            value: staticSecurityHeaders['cross-origin-opener-policy'],
            override: true,
          },
        ],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.prefix} web console`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(props.domain
        ? {
            domainNames: [...props.domain.names],
            certificate: props.domain.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Shops sell across borders; a geo restriction is a business choice the stage can add, not a default.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The console is static files; the API behind it has its own throttling. A WAF web ACL (priced per request) can be attached per stage.',
      },
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose TLS policy cannot be set; with `domain` it is TLS 1.2 (2021) at least.',
            },
          ]),
    );

    this.url = `https://${props.domain?.names[0] ?? this.distribution.distributionDomainName}`;

    this.signInClient = props.signIn
      ? new cognito.UserPoolClient(this, 'SignInClient', {
          userPool: props.signIn.userPool,
          userPoolClientName: `${props.prefix}-console`,
          // A browser app holds no secret: the code flow is bound to the tab by its PKCE verifier.
          generateSecret: false,
          authFlows: {},
          oAuth: {
            flows: { authorizationCodeGrant: true },
            scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
            callbackUrls: [`${this.url}/signin`],
            logoutUrls: [`${this.url}/signin`],
          },
          supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          preventUserExistenceErrors: true,
          enableTokenRevocation: true,
          idTokenValidity: Duration.hours(1),
          accessTokenValidity: Duration.hours(1),
          // The console keeps it in the tab's memory only; a working day at most.
          refreshTokenValidity: Duration.hours(12),
        })
      : undefined;
    // Hashed assets never change under their name: cached for a year. Old ones stay for open tabs.
    new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(props.assetPath)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    const stack = Stack.of(this);
    WebConsole.acknowledgeDeploymentFunction(
      stack,
      `<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`,
    );
    if (props.runtimeConfig) this.deployPage(this, props.runtimeConfig);

    new CfnOutput(this, 'ConsoleUrl', { value: this.url, description: 'The web console (APP_URL).' });
  }

  /**
   * Writes the page (index.html) and `/config.json` into the bucket and invalidates both. With
   * `scope` in a stack deployed after the API, the configuration can name the API while the API
   * names the console (its URL, its client). `runtimeConfig` as in the props.
   */
  deployPage(scope: Construct, runtimeConfig: Readonly<Record<string, unknown>>): s3deploy.BucketDeployment {
    const config = {
      ...runtimeConfig,
      ...(this.signIn && this.signInDomain && this.signInClient
        ? {
            signIn: {
              issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.signIn.userPool.userPoolId}`,
              domain: this.signInDomain.baseUrl(),
              clientId: this.signInClient.userPoolClientId,
              idTokenAlgorithm: 'RS256',
            },
          }
        : {}),
    };
    // The page and its runtime configuration: revalidated on every load, invalidated on deploy
    // (the build's records, build-info.json and Vite's manifest, stay out of the bucket).
    const sameStack = Stack.of(scope) === Stack.of(this);
    // In a later stack the bucket comes by an export named here, so that nag's name for it is known.
    const exportName = `${Stack.of(this).stackName}-console-bucket-arn`;
    if (!sameStack) new CfnOutput(this, 'BucketArn', { value: this.bucket.bucketArn, exportName });
    const destinationBucket = sameStack
      ? this.bucket
      : s3.Bucket.fromBucketAttributes(scope, 'ConsoleBucket', { bucketArn: Fn.importValue(exportName) });
    const deployment = new s3deploy.BucketDeployment(scope, sameStack ? 'DeployPage' : 'DeployConsolePage', {
      sources: [
        s3deploy.Source.asset(this.assetPath, { exclude: ['assets/*', 'build-info.json', '.vite/*'] }),
        s3deploy.Source.jsonData('config.json', config),
      ],
      destinationBucket,
      exclude: ['assets/*', 'build-info.json', '.vite/*'],
      cacheControl: [s3deploy.CacheControl.fromString('no-cache')],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
    if (!sameStack) WebConsole.acknowledgeDeploymentFunction(Stack.of(scope), `${exportName}/*`);
    return deployment;
  }

  /**
   * The deployments share one function that CDK keeps at the stack's root, with CDK's own role:
   * cdk-nag names each of its wildcards, so each is acknowledged by the name nag gives it.
   */
  private static acknowledgeDeploymentFunction(stack: Stack, bucket: string): void {
    const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const qualifier = stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const staging = `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${shown(stack.account, 'AccountId')}-${shown(stack.region, 'Region')}/*`;
    const wildcards = [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::${staging}`,
      `Resource::${bucket}`,
      // cloudfront:CreateInvalidation and GetInvalidation take no resource-level permission here.
      'Resource::*',
    ];
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(child).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's BucketDeployment function logs through AWSLambdaBasicExecutionRole; CDK owns its role.",
        },
        ...wildcards.map((wildcard) => ({
          id: `AwsSolutions-IAM5[${wildcard}]`,
          reason:
            "CDK's BucketDeployment copies the console from CDK's staging bucket into the console bucket and invalidates the distribution; the statements are CDK's.",
        })),
        {
          id: 'AwsSolutions-L1',
          reason: "CDK's BucketDeployment function: CDK picks and upgrades its runtime.",
        },
      );
    }
  }
}
