import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { INBOUND_OBJECT_PREFIX, type RawMailStore } from '../domain/raw-mail-store.js';

export class S3RawMailStore implements RawMailStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async get(messageId: string): Promise<Uint8Array> {
    if (!/^[A-Za-z0-9._-]+$/.test(messageId)) throw new Error(`Not an SES message id: ${messageId}`);
    const result = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: `${INBOUND_OBJECT_PREFIX}${messageId}` }),
    );
    if (!result.Body) throw new Error(`Stored mail ${messageId} has no body`);
    return result.Body.transformToByteArray();
  }
}
