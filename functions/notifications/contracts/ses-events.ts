import * as z from 'zod/mini';

/**
 * What SES publishes for a configuration set's event destination (the same object arrives as
 * an SNS message body or as an EventBridge event's `detail`). Only what we act on is required.
 */
const recipients = z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) }));

export const sesEventSchema = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: recipients,
      timestamp: z.optional(z.string()),
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({
      complainedRecipients: recipients,
      complaintFeedbackType: z.optional(z.string()),
      timestamp: z.optional(z.string()),
    }),
  }),
  // Everything else (Send, Delivery, Open, Click, Reject, DeliveryDelay…) is ignored.
  z.object({ eventType: z.string() }),
]);
export type SesEvent = z.output<typeof sesEventSchema>;
