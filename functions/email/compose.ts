import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDbCustomerAddressBook } from '../notifications/adapters/customer-address-book.dynamodb.js';
import { DynamoDbErasedCustomers } from '../notifications/adapters/erased-customers.dynamodb.js';
import { SesMailer } from '../notifications/adapters/mailer.ses.js';
import { DynamoDbSentLog } from '../notifications/adapters/sent-log.dynamodb.js';
import { DynamoDbSuppressionList } from '../notifications/adapters/suppression-list.dynamodb.js';
import { addressHashSecret, notificationsConfig, replyAddressSecret } from '../notifications/config.js';
import { systemClock } from '../shared/clock.js';
import { requireSecret } from '../shared/secrets.js';
import { tableConfig } from '../shared/table.js';
import { ticketDeps } from '../tickets/compose.js';
import { makeCreateTicket } from '../tickets/use-cases/create-ticket.js';
import { makePostMessage } from '../tickets/use-cases/post-message.js';
import { PostalMimeParser } from './adapters/mail-parser.postal-mime.js';
import { inboundEmailConfig } from './config.js';
import { makeReceiveEmail } from './use-cases/receive-email.js';

let receive: Promise<ReturnType<typeof makeReceiveEmail>> | undefined;

async function build() {
  const { client, tableName } = tableConfig();
  const notifications = notificationsConfig.get();
  const inbound = inboundEmailConfig.get();
  const tickets = ticketDeps();
  const hashKey = () => requireSecret(addressHashSecret.name);
  return makeReceiveEmail({
    parser: new PostalMimeParser(),
    tickets: tickets.tickets,
    postMessage: makePostMessage(tickets),
    createTicket: makeCreateTicket(tickets),
    addressBook: new DynamoDbCustomerAddressBook(client, tableName, hashKey),
    erased: new DynamoDbErasedCustomers(client, tableName),
    suppressions: new DynamoDbSuppressionList(client, tableName, hashKey),
    mailer: new SesMailer(new SESv2Client({}), notifications.sesConfigurationSet),
    sentLog: new DynamoDbSentLog(client, tableName),
    clock: systemClock,
    settings: {
      from: notifications.mailFrom,
      addressing: {
        reply: notifications.replyDomain
          ? { domain: notifications.replyDomain, secret: await requireSecret(replyAddressSecret.name) }
          : null,
        supportAddress: inbound.supportAddress ?? null,
      },
      maxBytes: inbound.maxInboundBytes,
    },
  });
}

/**
 * The email channel's use case, wired once per process (a failed build is retried): the AWS
 * handler and the local `POST /_local/inbound-email` both run this one.
 */
export function receiveEmail(): Promise<ReturnType<typeof makeReceiveEmail>> {
  if (!receive) {
    const building = build();
    building.catch(() => {
      if (receive === building) receive = undefined;
    });
    receive = building;
  }
  return receive;
}
