import type { Priority } from './ticket.js';

/** The actions every ticket type knows. Type-specific actions extend this union. */
export type ActionInput =
  | { readonly action: 'assign'; readonly assigneeId: string | null }
  | { readonly action: 'request_info'; readonly message?: string | undefined }
  | { readonly action: 'resolve'; readonly summary?: string | undefined }
  | { readonly action: 'reopen'; readonly reason?: string | undefined }
  | { readonly action: 'close' }
  | { readonly action: 'set_priority'; readonly priority: Priority }
  | { readonly action: 'escalate'; readonly note?: string | undefined }
  | { readonly action: 'cancel'; readonly reason?: string | undefined };

export type ActionName = ActionInput['action'];

export const genericActionNames = [
  'assign',
  'request_info',
  'resolve',
  'reopen',
  'close',
  'set_priority',
  'escalate',
  'cancel',
] as const satisfies readonly ActionName[];
