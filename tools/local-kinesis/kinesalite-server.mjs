// Child process started by local-kinesis.mjs: runs kinesalite, in memory, on loopback.
// It lives in its own process because kinesalite rethrows the 'error' of any request whose client
// went away (`req.on('error', (err) => { throw err })`), which would take a test runner down with it.
// Protocol over IPC: we send {type:'ready', port} or {type:'error', message}; we exit when the
// parent disconnects or sends SIGTERM.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const kinesalite = require('kinesalite');

const { host, port, createStreamMs, deleteStreamMs, updateStreamMs, shardLimit } = JSON.parse(
  process.argv[2] ?? '{}',
);

// A client that gives up mid-request is routine for a browser that unloads; it must not end the server.
process.on('uncaughtException', (error) => {
  if (error?.code === 'ECONNRESET' || error?.message === 'aborted') return;
  console.error('local kinesis: kinesalite failed:', error);
  process.exit(1);
});

const server = kinesalite({ createStreamMs, deleteStreamMs, updateStreamMs, shardLimit });
server.once('error', (error) => {
  process.send?.({ type: 'error', message: error.message });
  process.exit(1);
});
server.listen(port, host, () => process.send?.({ type: 'ready', port: server.address().port }));

const quit = () => {
  server.close(() => process.exit(0));
  // Browsers keep idle connections open; they must not hold the shutdown up.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('disconnect', quit);
process.on('SIGTERM', quit);
