// What /metrics costs a request: RosterMetrics.request (a counter and a histogram by route pattern)
// called as the onResponse hook calls it, for the bench's mix of SCIM routes.
//
//   node --import tsx bench/metrics-cost.ts
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RosterMetrics } from '../src/http/metrics.ts';
import { openStore } from '../src/store/db.ts';

const store = await openStore({});
try {
  const metrics = new RosterMetrics(store, { process: false });
  const routes = ['/scim/v2/:directoryId/Users', '/scim/v2/:directoryId/Users/:id'];
  const requests = [
    { method: 'GET', route: routes[0]!, status: 200 },
    { method: 'POST', route: routes[0]!, status: 201 },
    { method: 'PATCH', route: routes[1]!, status: 200 },
  ].map(({ method, route, status }) => ({
    request: { method, routeOptions: { url: route } } as unknown as FastifyRequest,
    reply: { statusCode: status, elapsedTime: 3.2 } as unknown as FastifyReply,
  }));
  const N = 300_000;
  for (let round = 1; round <= 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const r = requests[i % 3]!;
      metrics.request(r.request, r.reply);
    }
    process.stdout.write(`round ${round}: ${(((performance.now() - t0) * 1000) / N).toFixed(2)} µs per request\n`);
  }
  const t0 = performance.now();
  const text = await metrics.registry.metrics();
  process.stdout.write(`a scrape: ${(performance.now() - t0).toFixed(1)} ms, ${text.length} bytes\n`);
} finally {
  await store.close();
}
