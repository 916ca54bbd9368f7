// Graceful shutdown of connections: answers sent while the app is closing end their connection.
import type { FastifyInstance } from 'fastify';

/**
 * close() stops accepting connections and closes the idle ones, but a keep-alive connection whose
 * request finishes during the drain turns idle afterwards and held the process for Node's 5 s
 * keepAliveTimeout. `Connection: close` on every answer sent after close() began ends each one as
 * soon as its answer is out (test/faults/graceful-shutdown.test.ts measures the drain).
 */
export function registerDrain(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
