import autocannon, { type Result } from 'autocannon';
import { startRuntime } from '../local/runtime.js';

/**
 * A local load run (issue 15): the `npm start` runtime in this process, driven by autocannon over
 * loopback for a bounded time per operation — open a ticket, read it, post a message, list — then a
 * read-back: every ticket and message the API acknowledged (201) must be there. The runtime's
 * workers (routing, assignment, notifications, report counters, the archive) run meanwhile, on the
 * same machine, as they would behind a real desk. `LOAD_SECONDS` (per operation, default 10) and
 * `LOAD_CONNECTIONS` (default 10) bound it.
 */
const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 10);
const CUSTOMERS = 20;

interface Opened {
  readonly id: string;
  readonly token: string;
}

export async function benchLoad(): Promise<void> {
  if (!(seconds > 0 && seconds <= 300) || !(connections >= 1 && connections <= 100))
    throw new Error('LOAD_SECONDS must be in (0, 300] and LOAD_CONNECTIONS in [1, 100]');
  // The backend's own limits, not API Gateway's: the stage's throttles (100 requests a second) are off.
  const runtime = await startRuntime({ port: 0, maxTicketsPerHour: 1_000_000, routeThrottles: false });
  try {
    const url = runtime.apiUrl;
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const tokens = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, index) => {
        const sub = `load-${index + 1}`;
        return (await post('/_local/token', { sub, groups: ['customers'], email: `${sub}@example.com` }))
          .token as string;
      }),
    );
    let next = 0;
    /** Each connection acts as one customer. */
    const tokenOf = (context: Record<string, unknown>) => {
      context.token ??= tokens[next++ % tokens.length];
      return context.token as string;
    };
    const json = (token: string) => ({
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    const run = (request: NonNullable<Parameters<typeof autocannon>[0]['requests']>[number]) =>
      autocannon({ url, connections, duration: seconds, timeout: 10, requests: [request] });

    const opened: Opened[] = [];
    const open = await run({
      method: 'POST',
      path: '/v1/tickets',
      setupRequest: (request, context) => ({
        ...request,
        headers: json(tokenOf(context)),
        body: JSON.stringify({
          type: 'inquiry',
          reason: 'other',
          channel: 'web',
          description: 'Does the kettle work on 110 V?',
        }),
      }),
      onResponse: (status, body, context) => {
        if (status === 201)
          opened.push({ id: (JSON.parse(body) as { id: string }).id, token: tokenOf(context) });
      },
    });
    if (opened.length === 0) throw new Error('no ticket was opened: nothing to read back');

    let reading = 0;
    const pick = () => opened[reading++ % opened.length] as Opened;
    const read = await run({
      method: 'GET',
      setupRequest: (request) => {
        const ticket = pick();
        return {
          ...request,
          path: `/v1/tickets/${ticket.id}`,
          headers: { authorization: `Bearer ${ticket.token}` },
        };
      },
    });

    const messages = new Map<string, string[]>();
    const message = await run({
      method: 'POST',
      setupRequest: (request, context) => {
        const ticket = pick();
        context.ticket = ticket.id;
        return {
          ...request,
          path: `/v1/tickets/${ticket.id}/messages`,
          headers: json(ticket.token),
          body: JSON.stringify({ body: 'Any news on this?' }),
        };
      },
      onResponse: (status, body, context) => {
        if (status !== 201) return;
        const ticket = context.ticket as string;
        messages.set(ticket, [...(messages.get(ticket) ?? []), (JSON.parse(body) as { id: string }).id]);
      },
    });

    const list = await run({
      method: 'GET',
      path: '/v1/tickets?limit=20',
      setupRequest: (request, context) => ({
        ...request,
        headers: { authorization: `Bearer ${tokenOf(context)}` },
      }),
    });

    // Read-back: each acknowledged ticket, and in its timeline each acknowledged message.
    let ticketsFound = 0;
    let messagesFound = 0;
    const queue = [...opened];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let ticket = queue.pop(); ticket; ticket = queue.pop()) {
          const response = await fetch(`${url}/v1/tickets/${ticket.id}`, {
            headers: { authorization: `Bearer ${ticket.token}` },
          });
          if (response.status !== 200) continue;
          ticketsFound += 1;
          const view = (await response.json()) as { timeline: { id: string }[] };
          const ids = new Set(view.timeline.map((event) => event.id));
          messagesFound += (messages.get(ticket.id) ?? []).filter((id) => ids.has(id)).length;
        }
      }),
    );
    const messagesAcknowledged = [...messages.values()].reduce((sum, ids) => sum + ids.length, 0);

    console.log(
      `Local load run: ${connections} connections, ${seconds} s per operation, ${CUSTOMERS} customers, one process (API, emulators, workers and autocannon on this machine)`,
    );
    const row = (name: string, result: Result) => [
      name,
      String(result.requests.total),
      result.requests.average.toFixed(0),
      String(result.latency.p50),
      String(result.latency.p99),
      String(result.non2xx),
      String(result.errors + result.timeouts),
    ];
    printTable(
      ['operation', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
      [
        row('open a ticket (POST /v1/tickets)', open),
        row('read it (GET /v1/tickets/{id})', read),
        row('post a message (POST …/messages)', message),
        row('list (GET /v1/tickets)', list),
      ],
    );
    console.log('\nRead-back after the run');
    printTable(
      ['', 'acknowledged (201)', 'read back', 'missing'],
      [
        ['tickets', String(opened.length), String(ticketsFound), String(opened.length - ticketsFound)],
        [
          'messages',
          String(messagesAcknowledged),
          String(messagesFound),
          String(messagesAcknowledged - messagesFound),
        ],
      ],
    );
    if (ticketsFound !== opened.length || messagesFound !== messagesAcknowledged)
      throw new Error('an acknowledged write is missing');
  } finally {
    await runtime.stop();
  }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}
