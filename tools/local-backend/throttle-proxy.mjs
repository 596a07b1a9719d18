// A TCP proxy on loopback that limits bandwidth both ways, so that tests can watch an upload
// while it is under way and cancel it before the server has the whole body.
import { createConnection, createServer } from 'node:net';

/** Pipes `from` into `to` at no more than `bytesPerSecond`. */
function throttledPipe(from, to, bytesPerSecond) {
  from.on('data', (chunk) => {
    to.write(chunk);
    from.pause();
    setTimeout(() => from.resume(), (chunk.length / bytesPerSecond) * 1000);
  });
  from.on('end', () => to.end());
  from.on('error', () => to.destroy());
}

/** Starts a throttling proxy to 127.0.0.1:targetPort; resolves to `{ port, close() }`. */
export function startThrottleProxy({ targetPort, host = '127.0.0.1', port = 0, bytesPerSecond }) {
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    throttledPipe(client, upstream, bytesPerSecond);
    throttledPipe(upstream, client, bytesPerSecond);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
