// The HTTP floor of `npm run bench`: the daemon's HTTP server (Fastify, its strict JSON body parser)
// with a VK webhook route that answers `ok` and does nothing else — what receiving webhooks costs
// before any moderation. Prints its port, then serves until killed.
import { pino } from 'pino';
import { createHttpServer } from '../../http/server.ts';

const app = createHttpServer({
  log: pino({ level: 'warn' }),
  bodyLimit: 1 << 20,
  health: async () => ({ ok: true, checks: {} }),
  routes: [
    (a) => {
      a.post('/webhooks/vk/:accountId', async (_req, reply) => reply.type('text/plain').send('ok'));
    },
  ],
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
