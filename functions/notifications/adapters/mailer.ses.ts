import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, MailMessage } from '../domain/ports.js';

/** SES tag values allow letters, digits, `_` and `-` only. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';

/**
 * The mailer on SES v2, with Simple content (subject, HTML and text; SES builds the MIME).
 * With a configuration set, SES reports bounces and complaints to its event destination.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly configurationSet?: string | undefined,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const charset = 'UTF-8';
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [message.to] },
        ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: charset },
            Body: {
              Html: { Data: message.html, Charset: charset },
              Text: { Data: message.text, Charset: charset },
            },
          },
        },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        ...(message.tags
          ? {
              EmailTags: Object.entries(message.tags).map(([Name, Value]) => ({
                Name: tagValue(Name),
                Value: tagValue(Value),
              })),
            }
          : {}),
      }),
    );
    return { messageId: result.MessageId ?? '' };
  }
}
