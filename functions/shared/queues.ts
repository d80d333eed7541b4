import * as z from 'zod/mini';
import { readVariable, type Variable, variable } from './config.js';
import { type QueueName, queueUrlEnvName } from './queue-catalog.js';

/**
 * The URL of a workflow queue: the stack gives every function each queue's URL under the name
 * functions/shared/queue-catalog.ts derives, so a queue added there needs no variable written anywhere else.
 */
export function queueUrlVariable(queue: QueueName): Variable<string> {
  return variable(
    queueUrlEnvName(queue),
    z.string().check(z.minLength(1)),
    `URL of the ${queue} queue (set by the stack).`,
  );
}

export function queueUrl(queue: QueueName): string {
  return readVariable(queueUrlVariable(queue));
}
