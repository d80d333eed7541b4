import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildStage,
  logicalIdOf,
  removeTemporaryAssemblies,
  resourcesOfType,
  unacknowledgedNagFindings,
} from './support.js';

// No bundling: only the templates of the console's two stacks matter here.
const stage = buildStage({
  stage: 'dev',
  sesFromAddress: 'support@shop.example',
  'aws:cdk:bundling-stacks': [],
});
const { console: consoleStack, consolePage, stateful, stateless, workers, monitoring } = stage;
const front = Template.fromStack(consoleStack);
const page = Template.fromStack(consolePage);
const { webConsole } = consoleStack;
afterAll(removeTemporaryAssemblies);

const distributionId = logicalIdOf(webConsole.distribution);
const imported = (stack: string, logicalId: string) =>
  Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp(`^${stack}:.*${logicalId}`) });

describe('web console stacks', () => {
  it('orders the stacks stateful → console → stateless → workers, monitoring and the console page', () => {
    expect(consoleStack.dependencies).toEqual([stateful]);
    expect(stateless.dependencies).toEqual(expect.arrayContaining([stateful, consoleStack]));
    expect(stateless.dependencies).not.toContain(workers);
    expect(workers.dependencies).toEqual(expect.arrayContaining([stateful, consoleStack, stateless]));
    expect(monitoring.dependencies).toEqual(expect.arrayContaining([stateful, stateless]));
    expect(monitoring.dependencies).not.toContain(workers);
    expect(consolePage.dependencies).toEqual(expect.arrayContaining([consoleStack, stateless]));
  });

  it('serves the console from a private bucket through one HTTPS-only distribution', () => {
    front.resourceCountIs('AWS::CloudFront::Distribution', 1);
    front.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
      }),
    });
    front.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    front.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    front.hasOutput('*', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] },
    });
    // The hashed assets go with the front; the page waits for the API.
    front.resourceCountIs('Custom::CDKBucketDeployment', 1);
  });

  it("creates the Hosted UI domain and the console's code-flow client on the stage's user pool, back to the distribution's /signin", () => {
    const userPool = imported('redress-dev-stateful', logicalIdOf(stateful.userPool));
    front.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'redress-dev',
      UserPoolId: userPool,
    });
    const signin = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/signin']],
    };
    front.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: userPool,
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
      CallbackURLs: [signin],
      LogoutURLs: [signin],
    });
  });

  it("lets the console's pages call the region's HTTP APIs and the Hosted UI domain", () => {
    const policies = Object.values(resourcesOfType(front, 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policies).toHaveLength(1);
    const csp = JSON.stringify(policies[0]?.Properties.ResponseHeadersPolicyConfig);
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\./);
    expect(csp).toContain(`"Ref":"${logicalIdOf(webConsole.signInDomain!)}"`);
  });

  it("writes index.html and config.json after the API: the stage's API URL, the Hosted UI domain and the console's client", () => {
    const deployments = Object.values(resourcesOfType(page, 'Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.Properties.DistributionPaths).toEqual(['/index.html', '/config.json']);
    expect(JSON.stringify(deployments[0]?.Properties.DistributionId)).toMatch(
      new RegExp(`"redress-dev-console:[^"]*${distributionId}`),
    );
    const markers = JSON.stringify(deployments[0]?.Properties.SourceMarkers);
    expect(markers).toMatch(
      new RegExp(`redress-dev-stateless:ExportsOutputFnGetAtt${logicalIdOf(stateless.api)}ApiEndpoint`),
    );
    expect(markers).toContain(logicalIdOf(webConsole.signInDomain!));
    expect(markers).toContain(logicalIdOf(webConsole.signInClient!));
  });

  it('takes the Hosted UI domain prefix the stage sets', () => {
    const named = buildStage({
      stage: 'named',
      sesFromAddress: 'support@shop.example',
      consoleDomainPrefix: 'shop-desk',
      'aws:cdk:bundling-stacks': [],
    });
    Template.fromStack(named.console).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'shop-desk',
    });
  });

  it('leaves no unacknowledged cdk-nag finding in either console stack', () => {
    expect(unacknowledgedNagFindings(consoleStack)).toEqual([]);
    expect(unacknowledgedNagFindings(consolePage)).toEqual([]);
  });
});
