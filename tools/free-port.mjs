// A port nothing listens on, for a server whose origin must be known before it starts (the
// local backend's CORS origins name it). Another process could take it in between; the server
// then fails to listen with EADDRINUSE, loudly, rather than run on an origin no one allowed.
import { createServer } from 'node:net';

/** Resolves to a TCP port that is free on `host` right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
