// What the component benches (bench/album, bench/browser) do the same way on the Node side: seed a
// folder of small PNGs straight into s3rver, serve a built page from memory, and load it in fresh
// browser contexts, one per round, reading the figures the page measured itself.
import { readFileSync, readdirSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import { extname, join } from 'node:path';
import { launchChromium, listenOnLoopback } from '../../tools/browser-stack.cjs';

/** The folder both benches show, under the public level. */
export const PATH = 'album-bench/';
/** The browser window both benches load their page in. */
export const VIEWPORT = { width: 1280, height: 800 };
/** PUTs in flight while seeding. */
export const SEED_CONCURRENCY = 48;
// A 32 × 32 PNG (371 bytes): every object is a small, real image, so the tiles do load pictures.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAABOklEQVR4nLXMPUsCAQAG4PfvBA1BQxAhSEgUEoK0NBxeZWKWHBVZRpJlWZRhnZ16ohBkSXadomRJHwh9LEGDQ9CH1RA0BA1BQ8v1K97nBzzoVwwhbohJo0moNTsuW8Tz1sFq29BJ+/CxyVU2u4uWEb3bo1nH8jZvzi7tydqbojfUwpM4lXb6Uu7p5KhfkWZjE3NbvkDUPx8JBNeCi6tLofDKcmg9vADqfnd1Bup+f3MK6l6/rYC6q5EZUPfMhg/UfSc6Ceqe3RwHdc/JEqj7YcwL6q4rHlD3UtwN6l5JuEDdq6oT1P0iNQDqXks7QN2vMwKou/GcAHU3XrZB3Y1XGdS9vtsH6v6QtYO6P+7bQN0buV5Q9/cDK6j7R74H1P1T6wJ1/zqygLp/FzpB3X+KZlD335IJ1P2v3PEP+N7Z68v9/LEAAAAASUVORK5CYII=',
  'base64',
);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** PUTs `count` small PNGs under public/PATH, SEED_CONCURRENCY at a time, on s3rver itself; resolves to the seconds it took. */
export async function seed(backend, count) {
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const started = Date.now();
  const s3 = new S3Client({
    region: backend.region,
    endpoint: backend.directS3Endpoint ?? backend.s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: SEED_CONCURRENCY }) },
  });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const key = `public/${PATH}photo-${String(next++).padStart(5, '0')}.png`;
      await s3.send(
        new PutObjectCommand({
          Bucket: backend.bucket,
          Key: key,
          Body: PNG,
          ContentType: 'image/png',
        }),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  } finally {
    s3.destroy();
  }
  return (Date.now() - started) / 1000;
}

/** Serves the build in `dir` from memory on 127.0.0.1 (no cross-origin isolation: the images come from s3rver without CORP headers). */
export async function serve(dir) {
  const files = new Map(
    readdirSync(dir).map((name) => [`/${name}`, readFileSync(join(dir, name))]),
  );
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    const name = path === '/' ? '/index.html' : path;
    const body = files.get(name);
    if (!body) return response.writeHead(404).end();
    response
      .writeHead(200, {
        'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      })
      .end(body);
  });
  return listenOnLoopback(server);
}

/**
 * Serves the page built in `pageDir`, and loads it `rounds` times against `backend`, each time in
 * a fresh browser context of VIEWPORT's size (no HTTP cache, no cached connections, nothing left from the round
 * before) with the folder PATH in its query string. `result` is the page's own figures (the
 * expression for `page.evaluate`); `watch(page, s3Origin)`, when given, starts watching a page
 * before it loads and returns a function that reads what it saw, merged into that round's figures.
 * Resolves to { results, version } (Chromium's); cleans up what it started.
 */
export async function loadRounds({ pageDir, backend, chromiumPath, rounds, result, watch }) {
  const server = await serve(pageDir);
  const browser = await launchChromium(chromiumPath).catch(async (error) => {
    await server.close();
    throw error;
  });
  try {
    const query = new URLSearchParams({
      endpoint: backend.s3Endpoint,
      bucket: backend.bucket,
      region: backend.region,
      path: PATH,
    });
    const s3Origin = new URL(backend.s3Endpoint).origin;
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      const seen = watch?.(page, s3Origin);
      await page.goto(`${server.url}?${query}`);
      const figures = await page.evaluate(result).catch((error) => {
        throw new Error(
          `${error.message}${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`,
        );
      });
      results.push({ ...figures, ...seen?.() });
      await context.close();
    }
    return { results, version: browser.version() };
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
  }
}
