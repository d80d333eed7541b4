import { renderEmail } from '../domain/render.js';
import { digestEmail } from '../domain/templates/index.js';
import { deliverOnce } from './deliver-once.js';
import type { NotificationDeps } from './deps.js';
import { staffZone } from './notify-event.js';

/**
 * A digest's wake-up call: before its time it goes back to sleep (the queue delays it again);
 * at its time everything held for that address and time goes out in one email, once.
 */
export function makeFlushDigest(deps: NotificationDeps) {
  const { staff, digests, digestScheduler, suppressions, clock, settings } = deps;
  return async (digest: {
    address: string;
    sendAt: string;
  }): Promise<'waiting' | 'sent' | 'duplicate' | 'empty' | 'suppressed'> => {
    const now = clock.now();
    if (Date.parse(digest.sendAt) > now.getTime()) {
      await digestScheduler.schedule(digest, now);
      return 'waiting';
    }
    const held = await digests.held(digest.address, digest.sendAt);
    if (held.length === 0) return 'empty';
    if (await suppressions.isSuppressed(digest.address)) {
      await digests.clear(held);
      return 'suppressed';
    }
    const member = (await staff.list()).find((m) => m.email.toLowerCase() === digest.address);
    const locale = member?.locale ?? 'en';
    const result = await deliverOnce(deps, `DIGEST#${digest.sendAt}#${digest.address}`, () => ({
      from: settings.from,
      to: digest.address,
      ...renderEmail(
        digestEmail({
          locale,
          timezone: member ? staffZone(member) : 'UTC',
          recipientName: member?.name ?? digest.address,
          entries: [...held].sort((a, b) => a.at.localeCompare(b.at)),
        }),
        locale,
      ),
      tags: { event: 'Digest', audience: 'staff' },
    }));
    await digests.clear(held);
    return result;
  };
}
