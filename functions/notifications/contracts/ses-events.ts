import * as z from 'zod';

/**
 * What SES publishes for a configuration set's event destination (the same object arrives as
 * an SNS message body or as an EventBridge event's `detail`). Only what we act on is required.
 */
const recipients = z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() }));

export const sesEventSchema = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: recipients,
      timestamp: z.string().optional(),
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({
      complainedRecipients: recipients,
      complaintFeedbackType: z.string().optional(),
      timestamp: z.string().optional(),
    }),
  }),
  // Everything else (Send, Delivery, Open, Click, Reject, DeliveryDelay…) is ignored.
  z.object({ eventType: z.string() }),
]);
export type SesEvent = z.output<typeof sesEventSchema>;
