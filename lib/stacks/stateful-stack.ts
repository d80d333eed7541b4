import { Aws, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { preTokenGeneration } from '../../functions/events/workers.js';
import { groupToRole } from '../../functions/shared/principal.js';
import { type QueueName, queueDefinitions } from '../../functions/shared/queue-catalog.js';
import { tableDefinition } from '../../functions/shared/table-catalog.js';
import type { StageConfig } from '../config/stage.js';
import { AnalyticsStore } from '../constructs/analytics-store.js';
import { pascalCase } from '../constructs/naming.js';
import { ServiceFunction } from '../constructs/service-function.js';
import { DEAD_LETTER_RETENTION, WorkflowQueue } from '../constructs/workflow-queue.js';

/** What the stateless stack builds on. Constructs are passed directly (same app, same environment). */
export interface StatefulResources {
  readonly table: dynamodb.Table;
  readonly eventBus: events.IEventBus;
  /** One per entry of `queueDefinitions`, in that order. */
  readonly workflowQueues: readonly WorkflowQueue[];
  /** Where the table-stream event source mapping sends batches it gave up on. */
  readonly streamDeadLetterQueue: sqs.IQueue;
  readonly userPool: cognito.IUserPool;
  /** The shop front end's client (customers, the shop integration). */
  readonly userPoolClient: cognito.IUserPoolClient;
  /** The agent console's client: shorter tokens (ADR 19). */
  readonly staffClient: cognito.IUserPoolClient;
  readonly emailConfigurationSet: ses.IConfigurationSet;
  readonly emailIdentity: ses.IEmailIdentity | undefined;
  /** Where SES stores received mail (the email channel, when the stage has a reply domain). */
  readonly inboundMailBucket: s3.IBucket | undefined;
  /** The analytics archive's bucket, Glue database and table, and Athena workgroup (ADR 22). */
  readonly analytics: AnalyticsStore;
}

/** Received mail is kept this long, then S3 deletes it (it lives on as the ticket's message). */
export const INBOUND_MAIL_RETENTION = Duration.days(30);

/**
 * The inbound mail bucket's name, known to both stacks without an export: the function's grant
 * names it (cdk-nag reads the wildcard as this name) and the stack sets it as INBOUND_EMAIL_BUCKET.
 */
export function inboundMailBucketName(resourcePrefix: string): string {
  return `${resourcePrefix}-mail-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * What the configuration set publishes to the account's default EventBridge bus, for the
 * `ses-feedback` consumer (functions/events/workers.ts): bounces and complaints, nothing else.
 */
export const SES_FEEDBACK_EVENTS: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
];

/**
 * Token lifetimes per app client (ADR 19). Customers: an hour of access, a month of refresh (a
 * shopper comes back to a ticket days later). Staff: 15 minutes of access, a working day of
 * refresh, so a lost laptop or a removed group stops working within minutes of revocation.
 */
export const customerTokenValidity = {
  accessTokenValidity: Duration.hours(1),
  idTokenValidity: Duration.hours(1),
  refreshTokenValidity: Duration.days(30),
} as const;
export const staffTokenValidity = {
  accessTokenValidity: Duration.minutes(15),
  idTokenValidity: Duration.minutes(15),
  refreshTokenValidity: Duration.hours(12),
} as const;

/** Cognito group per role, with IAM-style precedence (lower wins when a user is in several groups). */
const groupPrecedence: Readonly<Record<string, number>> = {
  admins: 0,
  supervisors: 10,
  agents: 20,
  integrations: 30,
  customers: 40,
};

/**
 * Everything that holds data or identity: the table, the queues and their DLQs, the public event
 * bus, the user pool and the email configuration. Changes here are rare and reviewed with care;
 * in production it is retained and deletion-protected.
 */
export class StatefulStack extends Stack implements StatefulResources {
  readonly table: dynamodb.Table;
  readonly eventBus: events.EventBus;
  readonly workflowQueues: readonly WorkflowQueue[];
  readonly streamDeadLetterQueue: sqs.Queue;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly staffClient: cognito.UserPoolClient;
  /** Refuses tokens to staff without TOTP (functions/staff/handlers/pre-token-generation.ts). */
  readonly tokenGate: ServiceFunction;
  readonly emailConfigurationSet: ses.ConfigurationSet;
  /** Bounces and complaints of the configuration set, to the default EventBridge bus. */
  readonly emailFeedbackDestination: ses.ConfigurationSetEventDestination;
  readonly emailIdentity: ses.EmailIdentity | undefined;
  readonly inboundMailBucket: s3.Bucket | undefined;
  readonly analytics: AnalyticsStore;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { terminationProtection: props.config.isProduction, ...props });
    const { config } = props;
    const prefix = config.resourcePrefix;

    this.table = this.createTable(config);

    this.workflowQueues = queueDefinitions.map(
      (definition) =>
        new WorkflowQueue(this, `${pascalCase(definition.name)}Queue`, {
          definition,
          resourcePrefix: prefix,
          removalPolicy: config.removalPolicy,
        }),
    );

    this.streamDeadLetterQueue = new sqs.Queue(this, 'TableStreamDeadLetterQueue', {
      queueName: `${prefix}-table-stream-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.streamDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of the table-stream event source mapping.',
    });

    this.eventBus = new events.EventBus(this, 'PublicEventBus', {
      eventBusName: `${prefix}-public`,
      description: 'Public ticket events for the shop platform (TicketCreated, RefundIssued, ...).',
    });

    const { userPool, userPoolClient, staffClient, tokenGate } = this.createUserPool(config);
    this.userPool = userPool;
    this.userPoolClient = userPoolClient;
    this.staffClient = staffClient;
    this.tokenGate = tokenGate;

    this.emailConfigurationSet = new ses.ConfigurationSet(this, 'EmailConfigurationSet', {
      configurationSetName: prefix,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    // SES publishes event destinations to the default bus only; the workers stack's
    // `ses-feedback` rule picks this configuration set's events from there.
    this.emailFeedbackDestination = this.emailConfigurationSet.addEventDestination('FeedbackToDefaultBus', {
      configurationSetEventDestinationName: 'feedback-to-default-bus',
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultEventBus', 'default'),
      ),
      events: [...SES_FEEDBACK_EVENTS],
    });
    this.emailIdentity = this.createEmailIdentity(config);
    this.inboundMailBucket = config.replyDomain
      ? this.createInboundMail(config, config.replyDomain)
      : undefined;

    this.analytics = new AnalyticsStore(this, 'Analytics', {
      resourcePrefix: prefix,
      removalPolicy: config.removalPolicy,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'StaffClientId', { value: this.staffClient.userPoolClientId });
    new CfnOutput(this, 'AnalyticsWorkGroup', { value: this.analytics.workGroup.ref });
    new CfnOutput(this, 'AnalyticsDatabase', { value: this.analytics.databaseName });
  }

  private createTable(config: StageConfig): dynamodb.Table {
    const table = new dynamodb.Table(this, 'Table', {
      tableName: `${tableDefinition.logicalName}-${config.stage}`,
      partitionKey: { name: tableDefinition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // The transactional outbox: committed timeline events leave through the stream.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType[index.projection],
        ...(index.projection === 'INCLUDE' ? { nonKeyAttributes: [...(index.include ?? [])] } : {}),
      });
    }
    return table;
  }

  private createUserPool(config: StageConfig) {
    // In this stack with the pool: a trigger in the stateless stack would make the two stacks
    // depend on each other.
    const tokenGate = new ServiceFunction(this, 'PreTokenGeneration', {
      entry: preTokenGeneration.handler,
      functionName: `${config.resourcePrefix}-${preTokenGeneration.name}`,
      description: 'Refuses Cognito tokens to staff (agents, supervisors, admins) without TOTP MFA.',
      serviceName: 'staff',
      environment: {},
      logRetentionDays: config.logRetentionDays,
      logLevel: config.logLevel,
      removalPolicy: config.removalPolicy,
      timeout: Duration.seconds(5),
    });
    const userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: config.resourcePrefix,
      // Accounts are provisioned (staff by admins, customers by the shop integration) until a
      // post-confirmation trigger puts self-registered users into the customers group.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address stays unconfirmed (and out of the token) until its code is entered.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        locale: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Optional for customers; staff without TOTP get no token (the trigger). No SMS.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      lambdaTriggers: { preTokenGeneration: tokenGate.function },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: config.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(config.threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });

    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'The pool serves shoppers as well as staff; MFA is optional (TOTP) so customers can open a ticket without an authenticator app. Staff must use it: the pre-token-generation trigger refuses tokens to staff groups without TOTP (ADR 19).',
    });
    // Its one right: AdminGetUser on this pool. A separate policy, not the role's default one:
    // the function must not depend on the pool that depends on it.
    new iam.Policy(this, 'PreTokenGenerationPolicy', {
      roles: [tokenGate.role],
      statements: [
        new iam.PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [userPool.userPoolArn] }),
      ],
    });
    if (!config.threatProtection) {
      Validations.of(userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Plus feature plan (threat protection) is priced per monthly active user; it is a per-stage choice (context "threatProtection": true) and off in this stage.',
      });
    }

    for (const groupName of Object.keys(groupToRole)) {
      userPool.addGroup(`${pascalCase(groupName)}Group`, {
        groupName,
        description: `Redress role "${groupToRole[groupName]}"`,
        precedence: groupPrecedence[groupName] ?? 100,
      });
    }

    const userPoolClient = userPool.addClient('AppClient', {
      userPoolClientName: `${config.resourcePrefix}-app`,
      authFlows: { userSrp: true },
      generateSecret: false,
      // Users may change their language, never their own address: the address mail goes to is
      // the shop's (order facts) or one Cognito verified.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      ...customerTokenValidity,
      // The shop front end signs in via SRP; the web console has its own Hosted UI client
      // (lib/constructs/web-console.ts, authorization code with PKCE).
      disableOAuth: true,
    });
    const staffClient = userPool.addClient('StaffClient', {
      userPoolClientName: `${config.resourcePrefix}-staff`,
      authFlows: { userSrp: true },
      generateSecret: false,
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      ...staffTokenValidity,
      disableOAuth: true,
    });
    return { userPool, userPoolClient, staffClient, tokenGate };
  }

  private createEmailIdentity(config: StageConfig): ses.EmailIdentity | undefined {
    const identity = config.sesIdentityDomain
      ? ses.Identity.domain(config.sesIdentityDomain)
      : config.sesFromAddress
        ? ses.Identity.email(config.sesFromAddress)
        : undefined;
    if (!identity) return undefined;
    const emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity,
      configurationSet: this.emailConfigurationSet,
    });
    if (config.sesIdentityDomain) {
      emailIdentity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `CNAME to publish for DKIM (${config.sesIdentityDomain})`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
    return emailIdentity;
  }

  /**
   * The email channel's storage: a private, encrypted bucket where the receipt rule (workers
   * stack) writes each received mail, deleted after {@link INBOUND_MAIL_RETENTION}; and, when the
   * reply domain is not the sending domain, its SES identity (SES receives only for verified
   * domains).
   */
  private createInboundMail(config: StageConfig, replyDomain: string): s3.Bucket {
    const bucket = new s3.Bucket(this, 'InboundMail', {
      bucketName: inboundMailBucketName(config.resourcePrefix),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { expiration: INBOUND_MAIL_RETENTION, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: config.removalPolicy,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only SES writes here (one object per received mail) and only the inbound-email function reads, by its IAM grant; the function logs each mail it handles. Access logs would copy the mail metadata into a second bucket with a retention of its own.',
    });
    if (replyDomain !== config.sesIdentityDomain?.toLowerCase()) {
      const identity = new ses.EmailIdentity(this, 'ReplyDomainIdentity', {
        identity: ses.Identity.domain(replyDomain),
        configurationSet: this.emailConfigurationSet,
      });
      identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `ReplyDkimRecord${index + 1}`, {
          description: `CNAME to publish for DKIM (${replyDomain})`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
    new CfnOutput(this, 'InboundMailBucketName', { value: bucket.bucketName });
    return bucket;
  }

  /** The workflow queue for one name of functions/shared/queue-catalog.ts. */
  workflowQueue(name: QueueName): WorkflowQueue {
    const found = this.workflowQueues.find((q) => q.definition.name === name);
    if (!found) throw new Error(`No workflow queue named ${name}`);
    return found;
  }
}
