import http from 'node:http';

/** A tiny keep-alive load generator: `concurrency` loops issuing requests until time or count runs out. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** What went wrong first, to print: a status and the start of the body, or the network error. */
  firstError?: string;
}

export interface Request {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export function send(
  agent: http.Agent,
  base: URL,
  request: Request,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: {
          ...(request.body
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) }
            : {}),
          ...request.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Runs `next(i)` requests from `concurrency` loops for at most `seconds` or `maxRequests`. */
export async function load(
  baseUrl: string,
  options: { concurrency: number; seconds: number; maxRequests: number; expectStatus?: number },
  next: (i: number) => Request,
): Promise<LoadResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const i = issued++;
      const t0 = performance.now();
      try {
        const { status, body } = await send(agent, base, next(i));
        if (status !== (options.expectStatus ?? 200)) {
          errors++;
          firstError ??= `${status} ${body.slice(0, 200)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    ...(firstError === undefined ? {} : { firstError }),
  };
}

export const fmt = (result: LoadResult) =>
  `${result.perSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1).padStart(6)} ms  p99 ${result.p99
    .toFixed(1)
    .padStart(6)} ms  (${result.requests} requests, ${result.errors} errors)${
    result.firstError ? `\n    first error: ${result.firstError}` : ''
  }`;
