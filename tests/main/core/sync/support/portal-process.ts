import { type PortalOptions, startPortal } from '../../../../../src/portal/server';

/**
 * A portal in its own process, with its own clock and event loop, for tests and benchmarks that
 * bend the clock or measure the stalls of the process under test. Options come as JSON in the
 * first argument; prints its URL as one JSON line and stops when stdin closes.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as PortalOptions;
const portal = await startPortal({ port: 0, seed: 'demo', logLevel: 'silent', ...options });
process.stdout.write(`${JSON.stringify({ url: portal.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void portal.close().then(() => process.exit(0)));
