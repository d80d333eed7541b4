import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { inboundEmailConfig } from '../../../functions/email/config.js';
import { eventsConfig } from '../../../functions/events/config.js';
import {
  addressHashSecret,
  notificationsConfig,
  replyAddressSecret,
} from '../../../functions/notifications/config.js';
import { type SigningSecret, sharedConfig, type Variable } from '../../../functions/shared/config.js';
import type { FunctionManifest, TableOperation, TableUse } from '../../../functions/shared/manifest.js';
import { type QueueName, queueNames } from '../../../functions/shared/queue-catalog.js';
import { queueUrlVariable } from '../../../functions/shared/queues.js';
import { tableDefinition } from '../../../functions/shared/table-catalog.js';
import { surveySecret, ticketsConfig } from '../../../functions/tickets/config.js';
import { paymentGatewaySecret, refundsConfig } from '../../../functions/tickets/workflows/refund/config.js';
import { carrierSecret, returnsConfig } from '../../../functions/tickets/workflows/return/config.js';
import type { StageConfig } from '../../config/stage.js';
import { pascalCase } from '../../constructs/naming.js';
import type { ServiceFunction, TableAccess } from '../../constructs/service-function.js';
import { inboundMailBucketName, type StatefulResources } from '../stateful-stack.js';

type TableItemOperation = Exclude<TableOperation, 'TransactWriteItems'>;

/** The index each SLA piece reads (the adapters name the same ones). */
export const DUE_TIMER_INDEX = 'GSI4';
export const ALL_TICKETS_INDEX = 'GSI3';

const indexNames: readonly string[] = tableDefinition.globalSecondaryIndexes.map((index) => index.name);
for (const index of [DUE_TIMER_INDEX, ALL_TICKETS_INDEX]) {
  if (!indexNames.includes(index)) throw new Error(`functions/shared/table-catalog.ts has no index ${index}`);
}

/**
 * The IAM access a function's table declaration gets, exactly as declared: its operations on the
 * table's ARN (a transaction through the item actions it names, since IAM has no
 * TransactWriteItems action), on the partitions its `keys` name when it names them
 * (`dynamodb:LeadingKeys`), and Query on each index it names.
 */
export function tableAccessOf(use: TableUse): TableAccess {
  return {
    items: use.operations
      .filter((operation): operation is TableItemOperation => operation !== 'TransactWriteItems')
      .map((operation) => `dynamodb:${operation}` as const),
    queryIndexes: use.indexes ?? [],
    ...(use.keys ? { leadingKeys: use.keys } : {}),
  };
}

/** What one function may touch and read, resolved from its manifest. */
export interface FunctionAccess {
  readonly table: TableAccess;
  /** Queues it sends to (the SQS send actions on each queue's ARN). */
  readonly sendTo: readonly QueueName[];
  /** Sends email through SES from the stage identity and configuration set. */
  readonly sendEmail: boolean;
  /** Signing secrets it reads (`<NAME>_NAME`, GetSecretValue on exactly that secret). */
  readonly secrets: readonly SigningSecret[];
  /** The variables of the configurations it declares. */
  readonly variables: readonly Variable[];
}

export function accessOf(manifest: FunctionManifest): FunctionAccess {
  return {
    table: tableAccessOf(manifest.table),
    sendTo: manifest.sendTo ?? [],
    sendEmail: manifest.sendsEmail ?? false,
    secrets: manifest.secrets ?? [],
    variables: (manifest.config ?? []).flatMap((config) => Object.values(config.variables)),
  };
}

/** The variable that names a signing secret's Secrets Manager secret. */
export function secretNameEnvName(secret: SigningSecret): string {
  return `${secret.name}_NAME`;
}

const secretSettings = new Map<SigningSecret, (config: StageConfig) => string>([
  [paymentGatewaySecret, (config) => config.secretNames.paymentGateway],
  [carrierSecret, (config) => config.secretNames.carrier],
  [surveySecret, (config) => config.secretNames.survey],
  [addressHashSecret, (config) => config.secretNames.addressHash],
  [replyAddressSecret, (config) => config.secretNames.replyAddress],
]);

interface Deployment {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
}

/** Where a deployed variable's value comes from; variables not listed keep their defaults on AWS. */
interface DeployedValue {
  value(deployment: Deployment): string | undefined;
  /** When the stage lacks the setting: the warning synth gives, naming the setting. */
  readonly missing?: {
    readonly id: string;
    readonly setting: keyof StageConfig;
    readonly consequence: string;
  };
}

const endpoint = (setting: keyof StageConfig): DeployedValue => ({
  value: ({ config }) => {
    const value = config[setting];
    return typeof value === 'string' ? value : undefined;
  },
  missing: { id: 'redress:no-endpoint', setting, consequence: 'set it in cdk.json (see README, Deploy)' },
});

const deployedValues = new Map<Variable, DeployedValue>([
  [sharedConfig.variables.tableName, { value: ({ stateful }) => stateful.table.tableName }],
  [eventsConfig.variables.eventBusName, { value: ({ stateful }) => stateful.eventBus.eventBusName }],
  [ticketsConfig.variables.autoCloseDays, { value: ({ config }) => String(config.autoCloseDays) }],
  [
    notificationsConfig.variables.mailFrom,
    {
      value: ({ config }) => config.sesFromAddress,
      missing: {
        id: 'redress:no-mail-from',
        setting: 'sesFromAddress',
        consequence: 'it will fail to send until one is set (see README, Deploy)',
      },
    },
  ],
  [notificationsConfig.variables.appUrl, endpoint('appUrl')],
  [
    notificationsConfig.variables.sesConfigurationSet,
    { value: ({ stateful }) => stateful.emailConfigurationSet.configurationSetName },
  ],
  [notificationsConfig.variables.replyDomain, { value: ({ config }) => config.replyDomain }],
  [inboundEmailConfig.variables.supportAddress, { value: ({ config }) => config.supportAddress }],
  [
    inboundEmailConfig.variables.inboundBucket,
    {
      value: ({ config, stateful }) =>
        stateful.inboundMailBucket ? inboundMailBucketName(config.resourcePrefix) : undefined,
    },
  ],
  [refundsConfig.variables.paymentGatewayUrl, endpoint('paymentGatewayUrl')],
  [returnsConfig.variables.carrierUrl, endpoint('carrierUrl')],
]);

/** What every function gets: the stage's table, bus and queue URLs. */
export const stageResourceVariables: readonly Variable[] = [
  sharedConfig.variables.tableName,
  eventsConfig.variables.eventBusName,
  ...queueNames.map(queueUrlVariable),
];

/**
 * Applies manifests to functions: the environment (the stage resources, the declared
 * configurations' deployed values, the secrets' names) and the grants (table, queues, SES,
 * secrets), warning at synth about a declared setting the stage lacks.
 */
export class FunctionAccessGrants {
  private readonly importedSecrets = new Map<SigningSecret, secretsmanager.ISecret>();

  constructor(
    private readonly scope: Construct,
    private readonly deployment: Deployment,
  ) {}

  /** The function's environment, before the service function adds its Powertools settings. */
  environmentFor(access: FunctionAccess): Record<string, string> {
    const environment: Record<string, string> = {};
    const { workflowQueues } = this.deployment.stateful;
    for (const { definition, queue } of workflowQueues) {
      environment[queueUrlVariable(definition.name).name] = queue.queueUrl;
    }
    for (const variable of [...stageResourceVariables, ...access.variables]) {
      const value = deployedValues.get(variable)?.value(this.deployment);
      if (value !== undefined) environment[variable.name] ??= value;
    }
    for (const secret of access.secrets) {
      environment[secretNameEnvName(secret)] = this.secretNameOf(secret);
    }
    return environment;
  }

  grant(fn: ServiceFunction, access: FunctionAccess): void {
    const { config, stateful } = this.deployment;
    const { table, workflowQueues, emailConfigurationSet, emailIdentity } = stateful;
    fn.grantTableAccess(table, access.table);
    for (const name of access.sendTo) {
      const target = workflowQueues.find((candidate) => candidate.definition.name === name);
      if (!target) throw new Error(`${fn.node.path}: no queue ${name} to send to`);
      target.queue.grantSendMessages(fn.function);
    }
    for (const secret of access.secrets) {
      // GetSecretValue only (no DescribeSecret); `-??????` is the suffix Secrets Manager appends.
      iam.Grant.addToPrincipal({
        grantee: fn.function,
        actions: ['secretsmanager:GetSecretValue'],
        resourceArns: [`${this.signingSecret(secret).secretArn}-??????`],
      });
    }
    for (const variable of access.variables) {
      const deployed = deployedValues.get(variable);
      if (deployed?.missing && deployed.value(this.deployment) === undefined) {
        Annotations.of(fn).addWarningV2(
          deployed.missing.id,
          `${fn.node.id} reads ${variable.name} but stage ${config.stage} has no ${deployed.missing.setting}: ${deployed.missing.consequence}.`,
        );
      }
    }
    if (access.sendEmail && emailIdentity) {
      iam.Grant.addToPrincipal({
        grantee: fn.function,
        actions: ['ses:SendEmail'],
        resourceArns: [
          emailIdentity.emailIdentityArn,
          Stack.of(this.scope).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: emailConfigurationSet.configurationSetName,
          }),
        ],
      });
    }
  }

  private secretNameOf(secret: SigningSecret): string {
    const name = secretSettings.get(secret);
    if (!name) throw new Error(`No stage setting names the secret ${secret.name}`);
    return name(this.deployment.config);
  }

  /** The stage's secret, imported by name (its ARN ends in a random `-xxxxxx` suffix). */
  private signingSecret(secret: SigningSecret): secretsmanager.ISecret {
    let imported = this.importedSecrets.get(secret);
    if (!imported) {
      imported = secretsmanager.Secret.fromSecretNameV2(
        this.scope,
        pascalCase(secret.name.toLowerCase()),
        this.secretNameOf(secret),
      );
      this.importedSecrets.set(secret, imported);
    }
    return imported;
  }
}
