import { z } from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    allowedActions: z.array(z.string()).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
