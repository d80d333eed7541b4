import { describe, expect, it } from 'vitest';
import { ticketTypes } from '../../../functions/kernel/ticket-kinds.js';
import { genericActionNames } from '../../../functions/tickets/domain/actions.js';
import { terminalStatuses } from '../../../functions/tickets/domain/ticket.js';
import { lifecycleOf, lifecycles } from '../../../functions/tickets/workflows/lifecycles.js';

describe('lifecycles', () => {
  it('has one lifecycle per ticket type, named after it', () => {
    // Act
    const types = ticketTypes.map((type) => lifecycleOf(type).type);

    // Assess
    expect(types).toEqual([...ticketTypes]);
    expect(Object.keys(lifecycles).sort()).toEqual([...ticketTypes].sort());
  });

  for (const lifecycle of Object.values(lifecycles)) {
    describe(`${lifecycle.type} lifecycle`, () => {
      it('starts in one of its own statuses', () => {
        expect(lifecycle.statuses).toContain(lifecycle.initialStatus);
      });

      it('declares working, cancellable and closable statuses among its own statuses', () => {
        for (const list of [lifecycle.workingStatuses, lifecycle.cancellableFrom, lifecycle.closableFrom]) {
          for (const status of list) expect(lifecycle.statuses).toContain(status);
        }
      });

      it('has the statuses every type shares and lists each status once', () => {
        for (const status of ['pending_customer', 'resolved', ...terminalStatuses]) {
          expect(lifecycle.statuses).toContain(status);
        }
        expect(new Set(lifecycle.statuses).size).toBe(lifecycle.statuses.length);
      });

      it('works, cancels or closes nothing from a terminal status', () => {
        for (const status of terminalStatuses) {
          expect(lifecycle.workingStatuses).not.toContain(status);
          expect(lifecycle.cancellableFrom).not.toContain(status);
          expect(lifecycle.closableFrom).not.toContain(status);
        }
      });

      it('starts in a status staff work and the customer may cancel', () => {
        expect(lifecycle.workingStatuses).toContain(lifecycle.initialStatus);
        expect(lifecycle.cancellableFrom).toContain(lifecycle.initialStatus);
      });

      it('knows every generic action', () => {
        for (const action of genericActionNames) expect(lifecycle.actions[action]).toBeDefined();
      });
    });
  }
});
