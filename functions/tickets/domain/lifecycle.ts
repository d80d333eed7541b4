import type { AfterSalesPolicy } from '../../after-sales/domain/policy.js';
import type { TicketStatus, TicketStatusOf, TicketType } from '../../kernel/ticket-kinds.js';
import { raisedPriority } from '../../kernel/ticket-kinds.js';
import type { Order } from '../../orders/domain/order.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/errors.js';
import { hasAnyRole, type Role, staffRoles } from '../../shared/principal.js';
import {
  completeClock,
  pauseSla,
  reopenResolution,
  resumeSla,
  type SlaState,
  startClock,
} from '../../sla/domain/clocks.js';
import type { TicketEventBody } from '../contracts/events.js';
import type { ActionInput, ActionName } from './actions.js';
import { releaseOf } from './holds.js';
import { assertMergeable, copiedMessages, isOpenForMerge, unitsHeld } from './merge.js';
import type { OrderChanges } from './order-changes.js';
import { tagsOf, withoutTag, withTag } from './tags.js';
import { type Actor, isTerminal, type Ticket, type TicketEvent, type Visibility } from './ticket.js';

/** An event a transition causes; the use case stamps id, time and actor. */
export type NewEvent = TicketEventBody & {
  readonly visibility: Visibility;
  /** A copied event (a merge) keeps its original author and time instead of the change's. */
  readonly original?: { readonly actor: Actor; readonly at: string };
};

export interface Transition {
  readonly ticket: Ticket;
  readonly events: readonly NewEvent[];
  /** Counter changes on the order, applied atomically with the ticket. */
  readonly orderChanges?: OrderChanges | undefined;
  /** A return parcel's tracking number, unique across the desk per carrier (claimed atomically). */
  readonly tracking?: { readonly carrier: string; readonly trackingNumber: string } | undefined;
  /** Nothing changed (a tag the ticket already has): nothing is written, no version is spent. */
  readonly unchanged?: boolean;
  /** The other ticket a merge changes (the target), written in the same transaction. */
  readonly counterpart?: Transition | undefined;
}

/** The money facts an approval is judged on: the order as it stands and the rules in force. */
export interface MoneyFacts {
  readonly order: Order | null;
  readonly afterSales: AfterSalesPolicy;
}

export interface ActionContext<A extends ActionInput = ActionInput> {
  readonly ticket: Ticket;
  readonly input: A;
  readonly actorId: string;
  readonly roles: ReadonlySet<Role>;
  readonly now: Date;
  /** Loaded for the actions that move money (approve). */
  readonly money?: MoneyFacts | undefined;
  /** Loaded for `merge`: the target ticket (if it exists) and the source's timeline. */
  readonly merge?:
    | { readonly target: Ticket | undefined; readonly timeline: readonly TicketEvent[] }
    | undefined;
}

export interface ActionDefinition<A extends ActionInput = ActionInput> {
  /** Roles that may take the action at all (403 otherwise). */
  readonly roles: readonly Role[];
  /** Narrower roles in some states (an appealed ticket is the supervisors'); `roles` otherwise. */
  readonly rolesFor?: (ticket: Ticket) => readonly Role[];
  /** Whether the action fits the ticket's current state (409 otherwise). */
  readonly fits: (ticket: Ticket) => boolean;
  readonly apply: (context: ActionContext<A>) => Transition;
}

/** A ticket type's state machine: pure data and functions, no I/O. */
export interface Lifecycle {
  readonly type: Ticket['type'];
  readonly initialStatus: TicketStatus;
  /** Its type's statuses (`ticketStatuses` of the kernel). */
  readonly statuses: readonly TicketStatus[];
  /** Statuses in which staff are working the ticket (request_info and resolve fit). */
  readonly workingStatuses: readonly TicketStatus[];
  /** Statuses from which the customer may still cancel. */
  readonly cancellableFrom: readonly TicketStatus[];
  /** Statuses besides `resolved` from which the ticket may be closed. */
  readonly closableFrom: readonly TicketStatus[];
  /** Resolving needs a summary the customer sees (complaints). */
  readonly requireResolutionSummary?: boolean;
  readonly actions: Readonly<Partial<Record<ActionName, ActionDefinition>>>;
}

/** A type's lifecycle as written: every status named is one of that type's (checked per type). */
type Spec<T extends TicketType> = Omit<
  Lifecycle,
  'actions' | 'type' | 'initialStatus' | 'statuses' | 'workingStatuses' | 'cancellableFrom' | 'closableFrom'
> & {
  readonly type: T;
  readonly initialStatus: TicketStatusOf<T>;
  readonly statuses: readonly TicketStatusOf<T>[];
  readonly workingStatuses: readonly TicketStatusOf<T>[];
  readonly cancellableFrom: readonly TicketStatusOf<T>[];
  readonly closableFrom: readonly TicketStatusOf<T>[];
  readonly extraActions?: Lifecycle['actions'];
};

const anyone: readonly Role[] = ['customer', ...staffRoles];

function at(now: Date): string {
  return now.toISOString();
}

/** Builds a lifecycle from a type's states, adding the actions every type shares. */
export function defineLifecycle<T extends TicketType>(spec: Spec<T>): Lifecycle {
  const { extraActions, ...rest } = spec;
  const generic: Partial<Record<ActionName, ActionDefinition>> = {
    assign: {
      roles: staffRoles,
      fits: (t) => !isTerminal(t),
      apply: ({ ticket, input, actorId, roles, now }) => {
        const { assigneeId } = input as Extract<ActionInput, { action: 'assign' }>;
        const mayReassign = roles.has('supervisor') || roles.has('admin');
        const takesOrReleasesOwn =
          (assigneeId === actorId && (ticket.assigneeId === null || ticket.assigneeId === actorId)) ||
          (assigneeId === null && ticket.assigneeId === actorId);
        if (!mayReassign && !takesOrReleasesOwn) {
          throw new ForbiddenError(
            'Agents may take unassigned tickets or release their own; supervisors reassign.',
          );
        }
        return {
          ticket: { ...ticket, assigneeId, updatedAt: at(now) },
          events: [
            {
              type: 'TicketAssigned',
              visibility: 'internal',
              data: { from: ticket.assigneeId, to: assigneeId },
            },
          ],
        };
      },
    },
    request_info: {
      roles: staffRoles,
      fits: (t) => spec.workingStatuses.includes(t.status),
      apply: ({ ticket, input, now }) => {
        const { message } = input as Extract<ActionInput, { action: 'request_info' }>;
        return {
          ticket: {
            ...ticket,
            status: 'pending_customer',
            resumeStatus: ticket.status,
            sla: pauseSla(responded(ticket.sla, now), now),
            updatedAt: at(now),
          },
          events: [
            {
              type: 'InfoRequested',
              visibility: 'public',
              data: { message: message ?? null, from: ticket.status },
            },
          ],
        };
      },
    },
    resolve: {
      roles: staffRoles,
      // Not while a payment attempt may have paid: its outcome must be known first (retry_refund).
      fits: (t) =>
        (spec.workingStatuses.includes(t.status) || t.status === 'pending_customer') &&
        !t.refund?.outcomeUnknown,
      apply: ({ ticket, input, now }) => {
        const { summary } = input as Extract<ActionInput, { action: 'resolve' }>;
        if (spec.requireResolutionSummary && !summary) {
          throw new ValidationError([
            { path: 'summary', message: `Resolving a ${spec.type} needs a summary for the customer.` },
          ]);
        }
        const resumeTo = ticket.status === 'pending_customer' ? ticket.resumeStatus : ticket.status;
        const sla = completeClock(responded(ticket.sla, now), 'resolution', now);
        return {
          orderChanges: releaseOf(ticket.holds),
          ticket: {
            ...letGo(ticket),
            status: 'resolved',
            resumeStatus: resumeTo,
            sla,
            resolvedAt: at(now),
            updatedAt: at(now),
          },
          events: [{ type: 'TicketResolved', visibility: 'public', data: { summary: summary ?? null } }],
        };
      },
    },
    reopen: {
      roles: staffRoles,
      fits: (t) => t.status === 'resolved',
      apply: ({ ticket, input, now }) =>
        reopen(ticket, now, (input as Extract<ActionInput, { action: 'reopen' }>).reason),
    },
    close: {
      roles: anyone,
      fits: (t) => t.status === 'resolved' || spec.closableFrom.includes(t.status),
      apply: ({ ticket, now }) => ({
        ticket: {
          ...ticket,
          status: 'closed',
          resumeStatus: null,
          sla: finished(ticket.sla, now),
          closedAt: at(now),
          updatedAt: at(now),
        },
        events: [{ type: 'TicketClosed', visibility: 'public', data: { from: ticket.status } }],
      }),
    },
    set_priority: {
      roles: staffRoles,
      fits: (t) => !isTerminal(t),
      apply: ({ ticket, input, now }) => {
        const { priority } = input as Extract<ActionInput, { action: 'set_priority' }>;
        return {
          ticket: { ...ticket, priority, updatedAt: at(now) },
          events: [
            {
              type: 'PriorityChanged',
              visibility: 'internal',
              data: { from: ticket.priority, to: priority },
            },
          ],
        };
      },
    },
    escalate: {
      roles: staffRoles,
      fits: (t) => !isTerminal(t) && t.escalationLevel < 3,
      apply: ({ ticket, input, now }) => {
        const { note } = input as Extract<ActionInput, { action: 'escalate' }>;
        const level = ticket.escalationLevel + 1;
        const raised = raisedPriority(ticket.priority);
        return {
          ticket: { ...ticket, escalationLevel: level, priority: raised, updatedAt: at(now) },
          events: [
            {
              type: 'TicketEscalated',
              visibility: 'internal',
              data: { level, trigger: 'manual', note: note ?? null },
            },
          ],
        };
      },
    },
    // Tags are staff's bookkeeping, on any ticket still alive (resolved included).
    add_tag: {
      roles: staffRoles,
      fits: (t) => !isTerminal(t),
      apply: ({ ticket, input, now }) => {
        const { tag } = input as Extract<ActionInput, { action: 'add_tag' }>;
        return retagged(ticket, withTag(tagsOf(ticket), tag), { type: 'TagAdded', tag }, now);
      },
    },
    remove_tag: {
      roles: staffRoles,
      fits: (t) => !isTerminal(t),
      apply: ({ ticket, input, now }) => {
        const { tag } = input as Extract<ActionInput, { action: 'remove_tag' }>;
        return retagged(ticket, withoutTag(tagsOf(ticket), tag), { type: 'TagRemoved', tag }, now);
      },
    },
    // Two tickets in one write (ADR 15): this one closes into the target, which receives its messages.
    merge: {
      roles: staffRoles,
      fits: isOpenForMerge,
      apply: ({ ticket, now, merge }) => {
        if (!merge)
          throw new Error('A merge is judged on its target and timeline; perform-action loads them.');
        const { target } = merge;
        assertMergeable(ticket, target);
        const copies = copiedMessages(ticket, merge.timeline);
        return {
          orderChanges: releaseOf(ticket.holds),
          ticket: {
            ...letGo(ticket),
            status: 'closed',
            mergedInto: target.id,
            resumeStatus: null,
            sla: finished(ticket.sla, now),
            closedAt: at(now),
            updatedAt: at(now),
          },
          events: [
            { type: 'TicketMerged', visibility: 'public', data: { into: target.id, from: ticket.status } },
          ],
          counterpart: {
            ticket: { ...target, updatedAt: at(now) },
            events: [
              ...copies,
              {
                type: 'TicketMergedIn',
                visibility: 'public',
                data: { mergedFrom: ticket.id, messages: copies.length, releasedUnits: unitsHeld(ticket) },
              },
            ],
          },
        };
      },
    },
    cancel: {
      roles: anyone,
      fits: (t) => spec.cancellableFrom.includes(t.status),
      apply: ({ ticket, input, now }) => {
        const { reason } = input as Extract<ActionInput, { action: 'cancel' }>;
        return {
          orderChanges: releaseOf(ticket.holds),
          ticket: {
            ...letGo(ticket),
            status: 'cancelled',
            resumeStatus: null,
            sla: finished(ticket.sla, now),
            closedAt: at(now),
            updatedAt: at(now),
          },
          events: [{ type: 'TicketCancelled', visibility: 'public', data: { reason: reason ?? null } }],
        };
      },
    },
  };
  return { ...rest, actions: { ...generic, ...extraActions } };
}

/** A tag change: `tags` null is no change at all (nothing written); else one internal event. */
function retagged(
  ticket: Ticket,
  tags: readonly string[] | null,
  change: { readonly type: 'TagAdded' | 'TagRemoved'; readonly tag: string },
  now: Date,
): Transition {
  if (tags === null) return { ticket, events: [], unchanged: true };
  return {
    ticket: { ...ticket, tags, updatedAt: at(now) },
    events: [{ type: change.type, visibility: 'internal', data: { tag: change.tag } }],
  };
}

/** The ticket will not refund: what it holds goes back to the order. */
export function letGo(ticket: Ticket): Ticket {
  if (!ticket.holds) return ticket;
  return {
    ...ticket,
    holds: null,
    refund:
      ticket.refund && ticket.refund.status !== 'issued'
        ? { ...ticket.refund, status: 'cancelled' }
        : ticket.refund,
  };
}

/** A public staff answer: the first response and any pending next response are given. */
function responded(sla: SlaState, now: Date): SlaState {
  return completeClock(completeClock(sla, 'firstResponse', now), 'nextResponse', now);
}

/** The ticket is over: every open clock stops where it stands. */
export function finished(sla: SlaState, now: Date): SlaState {
  return completeClock(responded(sla, now), 'resolution', now);
}

/** A customer wrote: once the first response was given, the next response is owed. */
function customerWrote(sla: SlaState, now: Date): SlaState {
  return sla.clocks.firstResponse?.completedAt ? startClock(sla, 'nextResponse', now) : sla;
}

/**
 * A resolved ticket is worked again. It leaves whoever resolved it: the assigner (on
 * `TicketReopened`) gives it back to them when they are available with room, else assigns it as
 * any new ticket — so a reopen never puts a ticket on an absent or full agent.
 */
export function reopen(ticket: Ticket, now: Date, reason?: string | null): Transition {
  return {
    ticket: {
      ...ticket,
      assigneeId: null,
      lastAssigneeId: ticket.assigneeId ?? ticket.lastAssigneeId ?? null,
      status: ticket.resumeStatus ?? ticket.status,
      resumeStatus: null,
      resolvedAt: null,
      sla: reopenResolution(ticket.sla, now),
      updatedAt: at(now),
    },
    events: [{ type: 'TicketReopened', visibility: 'public', data: { reason: reason ?? null } }],
  };
}

function rolesOf(definition: ActionDefinition, ticket: Ticket): readonly Role[] {
  return definition.rolesFor?.(ticket) ?? definition.roles;
}

/** The actions a caller with these roles may take on the ticket now. */
export function allowedActions(lifecycle: Lifecycle, ticket: Ticket, roles: ReadonlySet<Role>): ActionName[] {
  return (Object.entries(lifecycle.actions) as [ActionName, ActionDefinition][])
    .filter(
      ([, definition]) =>
        hasAnyRole({ id: '', roles }, rolesOf(definition, ticket)) && definition.fits(ticket),
    )
    .map(([name]) => name);
}

/** Applies an action or refuses it: 403 when the role may not, 409 (with the allowed actions) when the state does not fit. */
export function applyAction(lifecycle: Lifecycle, context: ActionContext): Transition {
  const definition = lifecycle.actions[context.input.action];
  const allowed = allowedActions(lifecycle, context.ticket, context.roles);
  if (!definition) {
    throw new ConflictError(
      `A ${lifecycle.type} ticket has no action "${context.input.action}".`,
      'ACTION_NOT_ALLOWED',
      allowed,
    );
  }
  if (!hasAnyRole({ id: '', roles: context.roles }, rolesOf(definition, context.ticket))) {
    throw new ForbiddenError(`Your role may not ${context.input.action} a ticket.`);
  }
  if (!definition.fits(context.ticket)) {
    throw new ConflictError(
      `Action "${context.input.action}" does not fit a ${lifecycle.type} ticket in status "${context.ticket.status}".`,
      'ACTION_NOT_ALLOWED',
      allowed,
    );
  }
  return definition.apply(context);
}

/** What a message changes: a customer's reply resumes a ticket waiting on them or reopens a resolved one. */
export function applyMessage(
  ticket: Ticket,
  author: { role: 'customer' | 'staff'; internal: boolean },
  now: Date,
): Transition {
  if (isTerminal(ticket)) {
    throw new ConflictError(`Ticket is ${ticket.status}; open a new ticket instead.`, 'TICKET_CLOSED', []);
  }
  if (author.role === 'customer') {
    if (ticket.status === 'pending_customer') {
      return {
        ticket: {
          ...ticket,
          status: ticket.resumeStatus ?? ticket.status,
          resumeStatus: null,
          sla: customerWrote(resumeSla(ticket.sla, now), now),
          updatedAt: at(now),
        },
        events: [{ type: 'TicketResumed', visibility: 'public', data: { to: ticket.resumeStatus } }],
      };
    }
    if (ticket.status === 'resolved') {
      const reopened = reopen(ticket, now, 'customer replied');
      return { ...reopened, ticket: { ...reopened.ticket, sla: customerWrote(reopened.ticket.sla, now) } };
    }
    const status = ticket.type === 'inquiry' && ticket.status === 'answered' ? 'open' : ticket.status;
    return {
      ticket: { ...ticket, status, sla: customerWrote(ticket.sla, now), updatedAt: at(now) },
      events: [],
    };
  }
  if (author.internal) return { ticket: { ...ticket, updatedAt: at(now) }, events: [] };
  const status = ticket.type === 'inquiry' && ticket.status === 'open' ? 'answered' : ticket.status;
  return { ticket: { ...ticket, status, sla: responded(ticket.sla, now), updatedAt: at(now) }, events: [] };
}

/**
 * Several transitions stored as one write: each step starts from the ticket the previous one
 * reached, and the events follow in order. At most one step may change the order's counters.
 */
export function chain(ticket: Ticket, steps: readonly ((reached: Ticket) => Transition)[]): Transition {
  let reached = ticket;
  const events: NewEvent[] = [];
  let orderChanges: OrderChanges | undefined;
  for (const step of steps) {
    const transition = step(reached);
    if (transition.orderChanges && orderChanges)
      throw new Error('Two steps of one write change the order; store them separately.');
    if (transition.tracking) throw new Error('A chained step cannot claim a tracking number.');
    if (transition.counterpart) throw new Error('A chained step cannot change a second ticket.');
    reached = transition.ticket;
    events.push(...transition.events);
    orderChanges = transition.orderChanges ?? orderChanges;
  }
  return { ticket: reached, events, orderChanges };
}
