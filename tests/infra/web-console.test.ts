import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebConsole } from '../../lib/constructs/web-console.js';
import {
  newApp,
  removeTemporaryAssemblies,
  resourcesOfType,
  standInConsoleDist,
  unacknowledgedNagFindings,
} from './support.js';

let stack: Stack;
let template: Template;

function consoleStack(env?: { account: string; region: string }): Stack {
  const app = newApp({ stage: 'dev' });
  const stack = new Stack(app, 'ConsoleTest', env ? { env } : {});
  const userPool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-central-1_Example');
  new WebConsole(stack, 'Console', {
    prefix: 'redress-dev',
    assetPath: standInConsoleDist(),
    runtimeConfig: { apiUrl: 'https://api.example.com' },
    connectOrigins: ['https://api.example.com'],
    signIn: { userPool, domainPrefix: 'redress-dev-example' },
  });
  return stack;
}

beforeAll(() => {
  stack = consoleStack({ account: '111111111111', region: 'eu-central-1' });
  template = Template.fromStack(stack);
});

afterAll(() => removeTemporaryAssemblies());

describe('WebConsole', () => {
  it('keeps the console bucket private: no public access, TLS only, read by CloudFront through OAC', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'bucket/' }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves HTTPS only, with the SPA fallback on viewer requests', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const functions = resourcesOfType(template, 'AWS::CloudFront::Function');
    const code = String(Object.values(functions)[0]?.Properties.FunctionCode);
    expect(code).toContain("request.uri = '/index.html'");
  });

  it('sends the strict CSP and the other security headers', () => {
    const policies = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const config = Object.values(policies)[0]?.Properties.ResponseHeadersPolicyConfig as any;
    const security = config.SecurityHeadersConfig;
    // connect-src names the API and the Hosted UI's domain (its token and revocation endpoints).
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toEqual({
      'Fn::Join': [
        '',
        [
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' https://api.example.com https://",
          { Ref: Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPoolDomain'))[0] },
          ".auth.eu-central-1.amazoncognito.com; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
        ],
      ],
    });
    expect(security.FrameOptions.FrameOption).toBe('DENY');
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(730 * 24 * 3600);
    expect(security.ContentTypeOptions.Override).toBe(true);
  });

  it('deploys the hashed assets for a year and the page with config.json revalidated', () => {
    const deployments = Object.values(resourcesOfType(template, 'Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(2);
    const controls = deployments.map((d) => (d.Properties.SystemMetadata as any)['cache-control']).sort();
    expect(controls).toEqual(['no-cache', 'public, max-age=31536000, immutable']);
    const page = deployments.find(
      (d) => (d.Properties.SystemMetadata as any)['cache-control'] === 'no-cache',
    );
    expect(page?.Properties.DistributionPaths).toEqual(['/index.html', '/config.json']);
    expect(page?.Properties.Exclude).toEqual(['assets/*', 'build-info.json', '.vite/*']);
  });

  it("signs in through the Hosted UI: a public code-flow client whose callback and sign-out URL is the distribution's /signin", () => {
    const distribution = Object.keys(resourcesOfType(template, 'AWS::CloudFront::Distribution'))[0];
    const signin = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/signin']],
    };
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'redress-dev-example',
      UserPoolId: 'eu-central-1_Example',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [signin],
      LogoutURLs: [signin],
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: true,
    });
    // config.json names the domain and the client (filled in at deploy time), and the pool's issuer.
    const page = Object.values(resourcesOfType(template, 'Custom::CDKBucketDeployment')).find(
      (d) => (d.Properties.SystemMetadata as any)['cache-control'] === 'no-cache',
    );
    const markers = Object.values((page?.Properties.SourceMarkers as object[] | undefined)?.[1] ?? {});
    expect(markers).toEqual([
      { Ref: Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPoolDomain'))[0] },
      { Ref: Object.keys(resourcesOfType(template, 'AWS::Cognito::UserPoolClient'))[0] },
    ]);
  });

  it('leaves no unacknowledged cdk-nag finding, in an account-bound stack and an environment-agnostic one', () => {
    expect(unacknowledgedNagFindings(stack)).toEqual([]);
    expect(unacknowledgedNagFindings(consoleStack())).toEqual([]);
  });
});
