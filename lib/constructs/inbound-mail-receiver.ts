import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INBOUND_OBJECT_PREFIX } from '../../functions/email/domain/raw-mail-store.js';
import { ASYNC_MAX_EVENT_AGE, ASYNC_RETRY_ATTEMPTS } from './event-consumer.js';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.js';
import { DEAD_LETTER_RETENTION } from './workflow-queue.js';

export interface InboundMailReceiverProps extends ServiceFunctionProps {
  /** Where SES stores each received mail (the stateful stack's bucket), and its name. */
  readonly bucket: s3.IBucket;
  readonly bucketName: string;
  /** What the rule receives: the reply domain, and the support address when it lies elsewhere. */
  readonly recipients: readonly string[];
  /** Physical name of the receipt rule set (SES has one active set per account and region). */
  readonly ruleSetName: string;
  readonly deadLetterQueueName: string;
}

/**
 * The email channel's receiving end: a receipt rule set whose one rule, for the reply domain,
 * scans each mail for spam and viruses, stores it in the bucket under `inbound/<messageId>`, then
 * invokes the function asynchronously with the SES event (ids and verdicts, not the content).
 * A failed invocation is retried twice by Lambda, then kept in the dead-letter queue. The rule set
 * is created inactive: CloudFormation cannot activate it (README, Deploy: email channel).
 */
export class InboundMailReceiver extends ServiceFunction {
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: InboundMailReceiverProps) {
    super(scope, id, props);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue: SES receipt events ${props.functionName} failed on.`,
    });
    this.function.configureAsyncInvoke({
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: ASYNC_MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    // Reads the stored mail, nothing else of the bucket: one object per SES message id.
    const stack = Stack.of(this);
    iam.Grant.addToPrincipal({
      grantee: this.function,
      actions: ['s3:GetObject'],
      resourceArns: [
        stack.formatArn({
          service: 's3',
          region: '',
          account: '',
          resource: props.bucketName,
          resourceName: `${INBOUND_OBJECT_PREFIX}*`,
        }),
      ],
    });
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.bucketName.replace(Aws.ACCOUNT_ID, '<AWS::AccountId>').replace(Aws.REGION, '<AWS::Region>')}/${INBOUND_OBJECT_PREFIX}*]`,
      reason:
        'SES names each stored mail by its message id, known only when the mail arrives: the function reads any object under inbound/ and nothing else.',
    });

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: props.ruleSetName });
    this.ruleSet.addRule('Inbound', {
      receiptRuleName: `${props.ruleSetName}-inbound`,
      recipients: [...props.recipients],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new actions.S3({ bucket: props.bucket, objectKeyPrefix: INBOUND_OBJECT_PREFIX }),
        new actions.Lambda({ function: this.function, invocationType: actions.LambdaInvocationType.EVENT }),
      ],
    });
  }
}
