import { requireSecret } from '../../shared/secrets.js';
import type { AddressHashKey } from '../domain/ports.js';

/**
 * The key of the address HMAC: Secrets Manager on AWS (`ADDRESS_HASH_SECRET_NAME`), the plain
 * `ADDRESS_HASH_SECRET` locally. The notifier and the erasure worker must read the same secret:
 * rotating it un-suppresses every hashed address.
 */
export const ADDRESS_HASH_SECRET = 'ADDRESS_HASH_SECRET';

export const secretAddressHashKey: AddressHashKey = {
  key: () => requireSecret(ADDRESS_HASH_SECRET),
};
