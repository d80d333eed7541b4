import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocalModule from 'aws-ses-v2-local';
import { buildApp } from 'fauxqs';
import type { RunningProcess } from './dynamodb-local.js';

/** fauxqs for SQS, bound to loopback only. */
export async function startSqsLocal(port: number): Promise<RunningProcess> {
  const app = buildApp({ logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => app.close() };
}

/** aws-ses-v2-local: SES v2 API, `GET /store` lists sent mail, `GET /` is the web inbox. */
export async function startSesLocal(port: number): Promise<RunningProcess> {
  // A CommonJS module: under ESM its start function may sit one `default` deeper.
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const mod = sesLocalModule as unknown as { default: Start | { default: Start } };
  const start: Start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server: Server = await start({ host: '127.0.0.1', port });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}

export interface PublishedEvent {
  readonly id: string;
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
  readonly at: string;
}

export interface EventBusLocal extends RunningProcess {
  readonly events: readonly PublishedEvent[];
}

const KEEP_EVENTS = 1000;

/**
 * A stand-in for EventBridge's PutEvents (AWS JSON 1.1 protocol), keeping the last events in
 * memory so that `GET /_local/events` can show what the shop platform would receive. `deliver`
 * is the bus's rule: it gets each accepted entry's detail (the local archive appends them); when
 * it throws, the whole call fails and the router retries, as it would a throttled PutEvents.
 */
export async function startEventBusLocal(
  port: number,
  deliver: (details: readonly unknown[]) => void = () => undefined,
): Promise<EventBusLocal> {
  const events: PublishedEvent[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        reply(400, { __type: 'UnknownOperationException', message: 'Only PutEvents is emulated.' });
        return;
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          Entries?: {
            EventBusName?: string;
            Source?: string;
            DetailType?: string;
            Detail?: string;
            Time?: number;
          }[];
        };
        const accepted = (body.Entries ?? []).map((entry) => ({
          id: randomUUID(),
          busName: entry.EventBusName ?? 'default',
          source: entry.Source ?? '',
          detailType: entry.DetailType ?? '',
          detail: entry.Detail ? (JSON.parse(entry.Detail) as unknown) : null,
          at: new Date(entry.Time ? entry.Time * 1000 : Date.now()).toISOString(),
        }));
        try {
          deliver(accepted.map((event) => event.detail));
        } catch (error) {
          reply(500, { __type: 'InternalException', message: (error as Error).message });
          return;
        }
        const entries = accepted.map((event: PublishedEvent) => {
          events.push(event);
          return { EventId: event.id };
        });
        if (events.length > KEEP_EVENTS) events.splice(0, events.length - KEEP_EVENTS);
        reply(200, { FailedEntryCount: 0, Entries: entries });
      } catch (error) {
        reply(400, { __type: 'ValidationException', message: (error as Error).message });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${actual}`, events, stop: () => closeServer(server) };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
