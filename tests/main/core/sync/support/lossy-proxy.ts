import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of the portal that can lose answers: when armed for a path, it
 * forwards the next such request, lets the portal finish (and commit) it, then cuts the
 * connection instead of passing the answer on, exactly as a network drop after the fact would.
 */
export async function startLossyProxy(
  targetUrl: string,
  /** Called as each request is passed on (a test can kill the portal while it serves one). */
  onForward?: (path: string) => void,
) {
  const target = new URL(targetUrl);
  const armed = new Map<string, number>();
  /** Paths whose streamed answers (server-sent events) are passed on several times over. */
  const duplicated = new Map<string, number>();
  let eventsPassed = 0;
  const forwarded: { method: string; path: string; body: string; status: number }[] = [];
  let answersDropped = 0;
  let offline = false;
  /** The access token the client last presented, so a test can see when the portal stops honouring it. */
  let lastBearer: string | null = null;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Offline: the request never reaches the portal.
    if (offline) return void req.socket.destroy();
    const path = req.url ?? '/';
    if (req.headers.authorization) lastBearer = req.headers.authorization;
    const record = { method: req.method ?? 'GET', path, body: '', status: 0 };
    forwarded.push(record);
    req.on('data', (chunk: Buffer) => (record.body += chunk.toString('utf8')));
    const toDrop = armed.get(path) ?? 0;
    if (toDrop > 0) armed.set(path, toDrop - 1);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path, headers: req.headers },
      (answer) => {
        record.status = answer.statusCode ?? 0;
        if (toDrop > 0) {
          answer.resume();
          answer.on('end', () => {
            answersDropped += 1;
            res.socket?.destroy();
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const times = duplicated.get(path.split('?')[0]!) ?? 1;
        if (times === 1) {
          answer.pipe(res);
          return;
        }
        // The portal writes each event whole, so repeating a chunk repeats its events.
        answer.on('data', (chunk: Buffer) => {
          for (let i = 0; i < times; i++) res.write(chunk);
          eventsPassed += times * (chunk.toString('utf8').match(/^event: /gm)?.length ?? 0);
        });
        answer.on('end', () => res.end());
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
    req.on('end', () => onForward?.(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Lose the answers to the next `count` requests to `path`. */
    dropAnswers(path: string, count = 1) {
      armed.set(path, count);
    },
    /** Pass every server-sent event on `path` on `times` times (duplicate nudges). */
    duplicateEvents(path: string, times: number) {
      duplicated.set(path, times);
    },
    /** Cut the way to the portal (every request and open stream dropped unanswered), or restore it. */
    setOffline(value: boolean) {
      offline = value;
      if (value) server.closeAllConnections();
    },
    /** The Authorization header of the last request that carried one. */
    lastBearer: () => lastBearer,
    /** Server-sent events passed on to the client, duplicates included. */
    eventsPassed: () => eventsPassed,
    /** Every request passed on, with its body: what the client actually sent. */
    forwarded,
    count: (path: string) => forwarded.filter((request) => request.path === path).length,
    answersDropped: () => answersDropped,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
