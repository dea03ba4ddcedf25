// Drives a CustomerioTrack sandbox with the official customerio-node client and prints the outcome of each call as JSON.
// Usage: node drive.mjs <track-url e.g. http://127.0.0.1:PORT/api/v1> <site-id> <api-key>
import { TrackClient } from 'customerio-node';

const [url, siteId, apiKey] = process.argv.slice(2);
if (!url || !siteId || !apiKey) {
  console.error('usage: node drive.mjs <url> <site-id> <api-key>');
  process.exit(2);
}

const cio = new TrackClient(siteId, apiKey, { url, retry: { maxRetries: 0 } });
const calls = [];
async function call(name, fn) {
  try {
    const response = await fn();
    calls.push({ name, ok: true, response });
  } catch (error) {
    calls.push({ name, ok: false, status: error.statusCode ?? null, message: String(error.message ?? error) });
  }
}

await call('trackAnonymous', () => cio.trackAnonymous('anon-42', { name: 'anonymous_view', data: { page: 'home' } }));
await call('identify', () => cio.identify('alice', { email: 'alice@example.com', plan: 'pro', anonymous_id: 'anon-42', created_at: 1700000000 }));
await call('track', () => cio.track('alice', { name: 'purchase', data: { price: 9.5 } }));
await call('trackPageView', () => cio.trackPageView('alice', '/pricing'));
await call('addDevice keep', () => cio.addDevice('alice', 'device-keep', 'ios', { app_version: '1.0' }));
await call('addDevice gone', () => cio.addDevice('alice', 'device-gone', 'android'));
await call('deleteDevice', () => cio.deleteDevice('alice', 'device-gone'));
await call('identify bob', () => cio.identify('bob', { bob_only: 'from-bob', plan: 'free' }));
await call('track bob', () => cio.track('bob', { name: 'bob_event' }));
await call('mergeCustomers', () => cio.mergeCustomers('id', 'alice', 'id', 'bob'));
await call('identify carol', () => cio.identify('carol', { a: 1 }));
await call('destroy', () => cio.destroy('carol'));
await call('identify dave', () => cio.identify('dave', { before: true }));
await call('suppress', () => cio.suppress('dave'));
await call('identify suppressed dave', () => cio.identify('dave', { phase: 'refused' }));
await call('unsuppress', () => cio.unsuppress('dave'));
await call('identify dave again', () => cio.identify('dave', { phase: 'after' }));
await call('batch', () => cio.batch([
  { type: 'person', identifiers: { email: 'erin@example.com' }, action: 'identify', attributes: { source: 'batch' } },
  { type: 'person', identifiers: { email: 'erin@example.com' }, action: 'event', name: 'batched', attributes: { n: 1 } },
]));

console.log(JSON.stringify({ calls }, null, 2));
