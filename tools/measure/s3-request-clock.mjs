// Runs tools/local-backend/s3-server.mjs unchanged, with a clock on every HTTP request it serves:
// when the request arrived, when its body had been read, and when the answer was sent (epoch ms).
// Started by w2-upload-profile.mjs in place of the backend's own child; answers
// { type: 'timings' } over IPC with the requests since the last ask.
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';

const wall = () => performance.timeOrigin + performance.now();
const log = [];
const createServer = http.createServer;
http.createServer = (...args) => {
  const listener = args.pop();
  return createServer(...args, (req, res) => {
    const entry = {
      method: req.method,
      url: req.url,
      arrived: wall(),
      bodyRead: 0,
      answered: 0,
      status: 0,
    };
    log.push(entry);
    req.once('end', () => (entry.bodyRead = wall()));
    res.once('finish', () => {
      entry.answered = wall();
      entry.status = res.statusCode;
    });
    listener(req, res);
  });
};
// s3-server.mjs imports `createServer` by name: make the ES module binding see the wrapper.
syncBuiltinESMExports();
process.on('message', (msg) => {
  if (msg?.type === 'timings') process.send({ type: 'timings', requests: log.splice(0) });
});
await import('../local-backend/s3-server.mjs');
