import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressDigest } from '../domain/address-digest.js';
import type { CustomerAddressBook, KnownCustomer } from '../domain/ports.js';

/**
 * `CUSTOMER_ADDRESS#<digest>` / `CUSTOMER_ADDRESS` → the customer the notifier last mailed at the
 * address, where digest is the address's keyed HMAC (domain/address-digest.ts): the table never
 * names the address, and an erasure leaves nothing readable behind (the lookup's caller also
 * checks the erasure mark). One put per new ticket's email; a get per email to the support address.
 */
export class DynamoDbCustomerAddressBook implements CustomerAddressBook {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly hashKey: () => Promise<string>,
  ) {}

  private async key(address: string) {
    return { PK: `CUSTOMER_ADDRESS#${addressDigest(address, await this.hashKey())}`, SK: 'CUSTOMER_ADDRESS' };
  }

  async remember(address: string, customer: KnownCustomer, at: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...(await this.key(address)),
          entityType: 'CustomerAddress',
          customerId: customer.customerId,
          locale: customer.locale,
          updatedAt: at.toISOString(),
        },
      }),
    );
  }

  async find(address: string): Promise<KnownCustomer | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: await this.key(address) }),
    );
    if (!Item || typeof Item.customerId !== 'string') return undefined;
    return { customerId: Item.customerId, locale: typeof Item.locale === 'string' ? Item.locale : null };
  }
}
