import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { Context, SESEvent } from 'aws-lambda';
import { logger, metrics } from '../../shared/observability.js';
import { S3RawMailStore } from '../adapters/raw-mail-store.s3.js';
import { receiveEmail } from '../compose.js';
import { inboundEmailConfig } from '../config.js';
import { isAuthenticSender } from '../domain/verdicts.js';

let store: S3RawMailStore | undefined;

function rawMailStore(): S3RawMailStore {
  if (!store) {
    const bucket = inboundEmailConfig.get().inboundBucket;
    if (!bucket)
      throw new Error(
        `${inboundEmailConfig.variables.inboundBucket.name} is not set: the stack sets it where SES receives mail`,
      );
    store = new S3RawMailStore(new S3Client({}), bucket);
  }
  return store;
}

/**
 * Mail SES received for the reply domain: the receipt rule first stores it in S3, then invokes
 * this function (asynchronously) with the mail's id and SES's verdicts. A failure throws: Lambda
 * retries twice, then the dead-letter queue keeps the event. Every step is idempotent (the
 * message's id and the Message-ID key the post and the bounce), so a retry posts nothing twice.
 */
export const handler = middy(async (event: SESEvent, _context: Context) => {
  const receive = await receiveEmail();
  for (const record of event.Records) {
    const { mail, receipt } = record.ses;
    const outcome = await receive({
      raw: await rawMailStore().get(mail.messageId),
      envelopeRecipients: receipt.recipients,
      authenticated: isAuthenticSender({
        spf: receipt.spfVerdict?.status,
        dkim: receipt.dkimVerdict?.status,
        dmarc: receipt.dmarcVerdict?.status,
        spam: receipt.spamVerdict?.status,
        virus: receipt.virusVerdict?.status,
      }),
    });
    metrics.addMetric(
      `InboundEmail${outcome.outcome[0]?.toUpperCase()}${outcome.outcome.slice(1)}`,
      MetricUnit.Count,
      1,
    );
    logger.info('Inbound email', { sesMessageId: mail.messageId, ...outcome });
  }
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
