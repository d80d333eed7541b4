/** The receipt rule's S3 action writes each mail to `<prefix><messageId>`. */
export const INBOUND_OBJECT_PREFIX = 'inbound/';

/** Port: the raw mail SES stored, by the SES message id (on AWS an S3 object). */
export interface RawMailStore {
  get(messageId: string): Promise<Uint8Array>;
}
