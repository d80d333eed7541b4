import { addressHashSecret } from '../../notifications/config.js';
import { requireSecret } from '../../shared/secrets.js';
import type { AddressHashKey } from '../domain/ports.js';

/**
 * The key of the address HMAC (`addressHashSecret`): Secrets Manager on AWS
 * (`ADDRESS_HASH_SECRET_NAME`), the plain `ADDRESS_HASH_SECRET` locally.
 */
export const secretAddressHashKey: AddressHashKey = {
  key: () => requireSecret(addressHashSecret.name),
};
