import type { Priority } from '../../kernel/ticket-kinds.js';

/** The actions every ticket type knows. Type-specific actions extend this union. */
export type ActionInput =
  | { readonly action: 'assign'; readonly assigneeId: string | null }
  | { readonly action: 'request_info'; readonly message?: string | undefined }
  | { readonly action: 'resolve'; readonly summary?: string | undefined }
  | { readonly action: 'reopen'; readonly reason?: string | undefined }
  | { readonly action: 'close' }
  | { readonly action: 'set_priority'; readonly priority: Priority }
  | { readonly action: 'escalate'; readonly note?: string | undefined }
  | { readonly action: 'cancel'; readonly reason?: string | undefined }
  | { readonly action: 'add_tag'; readonly tag: string }
  | { readonly action: 'remove_tag'; readonly tag: string }
  | { readonly action: 'merge'; readonly intoTicketId: string }
  // After-sales workflows
  | { readonly action: 'approve'; readonly note?: string | undefined }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'retry_refund' }
  | { readonly action: 'appeal'; readonly reason: string }
  | {
      readonly action: 'ship';
      readonly carrier: string;
      readonly trackingNumber: string;
      readonly postage?: number | undefined;
    }
  | { readonly action: 'receive'; readonly note?: string | undefined }
  | {
      readonly action: 'inspect';
      readonly result: 'accepted' | 'rejected';
      readonly note?: string | undefined;
    }
  | { readonly action: 'ship_replacement'; readonly carrier: string; readonly trackingNumber: string }
  | { readonly action: 'start_repair'; readonly note?: string | undefined }
  | { readonly action: 'complete_repair'; readonly note?: string | undefined }
  | { readonly action: 'ship_back'; readonly carrier: string; readonly trackingNumber: string };

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
  'add_tag',
  'remove_tag',
  'merge',
] as const satisfies readonly ActionName[];
