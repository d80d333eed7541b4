import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { manifests } from './environment.js';
import { functionOfHandler, runAs } from './table-guard.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// biome-ignore lint/suspicious/noExplicitAny: handlers of every event type pass through here.
export type LambdaHandler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<LambdaHandler>>();

/**
 * Loads a handler module (the same one Lambda runs) by its path from the project root. Each
 * invocation runs as the function whose manifest names the module, so its DynamoDB requests are
 * held to that manifest (local/table-guard.ts).
 */
export function loadHandler(modulePath: string): Promise<LambdaHandler> {
  let handler = loaded.get(modulePath);
  if (!handler) {
    const fn = functionOfHandler(manifests(), modulePath);
    if (!fn) throw new Error(`No manifest names the handler ${modulePath}`);
    handler = import(pathToFileURL(join(projectRoot, modulePath)).href).then(
      (mod: { handler?: LambdaHandler }) => {
        const run = mod.handler;
        if (typeof run !== 'function') throw new Error(`${modulePath} exports no handler`);
        return (event, context) => runAs(fn, () => run(event, context));
      },
    );
    loaded.set(modulePath, handler);
  }
  return handler;
}

/** A Lambda context good enough for Powertools: request id, name and remaining time. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
