import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { type StageConfig, stageConfigFromContext } from '../../lib/config/stage.js';
import { composeRedress, type RedressStacks, redressAppContext } from '../../lib/stacks/redress.js';
import { StatefulStack } from '../../lib/stacks/stateful-stack.js';

const createdApps: App[] = [];

/** A CDK app with the same context defaults as bin/redress.ts plus the given stage settings. */
export function newApp(context: Record<string, unknown>): App {
  const app = new App({ context: { ...redressAppContext, ...context } });
  createdApps.push(app);
  return app;
}

/** Every App gets a temporary cloud assembly (with bundles, ~15 MB): remove them in `afterAll`. */
export function removeTemporaryAssemblies(): void {
  for (const app of createdApps.splice(0)) {
    if (app.outdir.startsWith(tmpdir())) rmSync(app.outdir, { recursive: true, force: true });
  }
  for (const dist of standInFolders.splice(0)) rmSync(dist, { recursive: true, force: true });
}

const standInFolders: string[] = [];

/**
 * A stand-in for web/dist (an index.html and one hashed asset): the console's construct only
 * uploads what it is given, so the infra tests need no console build. Removed in `afterAll`.
 */
export function standInConsoleDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  standInFolders.push(dist);
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-abc.js"></script>',
  );
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  return dist;
}

/** The whole stage as bin/redress.ts composes it (bundles every function: build once per file). */
export function buildStage(
  context: Record<string, unknown>,
): RedressStacks & { app: App; config: StageConfig } {
  const app = newApp(context);
  const config = stageConfigFromContext(app.node);
  return { app, config, ...composeRedress(app, config, { consoleAssetPath: standInConsoleDist() }) };
}

/**
 * The code of a stage as one template: the resources of the stateless stack (HTTP API, its
 * functions, the alarm topic), the workers stack and the monitoring stack, which share no logical
 * id (ADR 24). Each resource refers to its own stack's resources as before, and to the other
 * stacks' by import.
 */
export function codeTemplate(stacks: Pick<RedressStacks, 'stateless' | 'workers' | 'monitoring'>): Template {
  const resources: Resources = {};
  for (const stack of [stacks.stateless, stacks.workers, stacks.monitoring]) {
    for (const [id, resource] of Object.entries(Template.fromStack(stack).toJSON().Resources as Resources)) {
      if (id in resources) throw new Error(`${stack.stackName} and another code stack both hold ${id}`);
      resources[id] = resource;
    }
  }
  return Template.fromJSON({ Resources: resources });
}

/** Only the stateful stack: no functions, so no bundling. */
export function buildStatefulStack(context: Record<string, unknown>): {
  stack: StatefulStack;
  config: StageConfig;
} {
  const app = newApp(context);
  const config = stageConfigFromContext(app.node);
  const stack = new StatefulStack(app, `${config.resourcePrefix}-stateful`, { config });
  return { stack, config };
}

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
}

/**
 * Runs the AWS Solutions pack the way bin/redress.ts registers it, and returns every finding that
 * is not acknowledged. cdk-nag 3.x reports through CDK's policy-validation plugins, not through
 * stack annotations, so this asks the pack directly.
 */
export function unacknowledgedNagFindings(scope: IConstruct): NagFinding[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.map((violation) => ({
    rule: violation.ruleName,
    severity: violation.severity ?? 'unknown',
    paths: violation.violatingResources.map((resource) => resource.constructPath ?? '?'),
  }));
}

/** Logical id of a construct's CloudFormation resource inside its stack. */
export function logicalIdOf(construct: IConstruct): string {
  const cfn = construct.node.defaultChild as CfnResource | undefined;
  if (!cfn) throw new Error(`${construct.node.path} has no default child`);
  return Stack.of(construct).getLogicalId(cfn);
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly [key: string]: unknown;
}
export type Resources = Record<string, TemplateResource>;

/** The resource with this logical id; fails loudly when it is missing. */
export function resourceById(resources: Resources, logicalId: string): TemplateResource {
  const found = resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every statement of every identity policy (AWS::IAM::Policy and inline role policies). */
export function allPolicyStatements(template: Template): { owner: string; statement: PolicyStatement }[] {
  const found: { owner: string; statement: PolicyStatement }[] = [];
  for (const [id, policy] of Object.entries(resourcesOfType(template, 'AWS::IAM::Policy'))) {
    const document = policy.Properties.PolicyDocument as { Statement: PolicyStatement[] };
    for (const statement of document.Statement) found.push({ owner: id, statement });
  }
  for (const [id, role] of Object.entries(resourcesOfType(template, 'AWS::IAM::Role'))) {
    const inline = (role.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: PolicyStatement[] };
    }[];
    for (const policy of inline) {
      for (const statement of policy.PolicyDocument.Statement) found.push({ owner: id, statement });
    }
  }
  return found;
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
