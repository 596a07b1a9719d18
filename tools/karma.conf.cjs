// Karma for every project in this workspace: Debian's Chromium, headless, against the local
// backend that tools/run-tests.mjs starts and describes in the LOCAL_BACKEND variable. The port
// is run-tests.mjs's choice (KARMA_PORT): the backend's CORS rules allow exactly that origin.
const { CHROMIUM_FLAGS, CHROMIUM_PATH } = require('./browser-stack.cjs');

process.env.CHROME_BIN = CHROMIUM_PATH;

// Specs run in random order, so that one spec leaning on another's leftovers fails. The seed is
// chosen here (or taken from SEED, to replay a failing order) and printed before and after the run.
const seed = process.env.SEED || String(Math.floor(Math.random() * 1e9));
if (!/^\d+$/.test(seed))
  throw new Error(`SEED must be a whole number (the one a run printed); got ${seed}.`);
console.log(`Jasmine: random order, seed ${seed} (replay it with SEED=${seed})`);

/** Prints the seed again at the end, where a failure is read. */
function SeedReporter() {
  this.onRunComplete = () =>
    console.log(`\nJasmine seed ${seed}: replay this order with SEED=${seed}`);
}

module.exports = function (config) {
  config.set({
    ...(process.env.KARMA_PORT && { port: Number(process.env.KARMA_PORT) }),
    frameworks: ['jasmine'],
    plugins: [
      require('karma-jasmine'),
      require('karma-chrome-launcher'),
      { 'reporter:seed': ['type', SeedReporter] },
    ],
    client: {
      // A spec that expects nothing proves nothing: it fails.
      jasmine: { random: true, seed, failSpecWithNoExpectations: true, timeoutInterval: 30000 },
      backend: process.env.LOCAL_BACKEND ? JSON.parse(process.env.LOCAL_BACKEND) : undefined,
    },
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        flags: [...CHROMIUM_FLAGS],
      },
    },
    browsers: ['ChromeHeadlessCI'],
    reporters: ['dots', 'seed'],
    // Above the longest spec timeout (300 s, the 2,500-object delete, which moto_server takes
    // minutes over): a spec still within its own timeout must not have its browser cut off.
    browserNoActivityTimeout: 330000,
    captureTimeout: 120000,
    // On a machine shared by many test runs a busy browser misses socket.io's 5 s ping, and Karma
    // then drops it mid-run ("Disconnected ... ping timeout"); the activity timeout above still
    // catches a browser that is really gone.
    pingTimeout: 120000,
    browserDisconnectTimeout: 120000,
    singleRun: true,
    restartOnFileChange: false,
  });
};
