// Karma for every project in this workspace: Debian's Chromium, headless, against the local
// backend that tools/run-tests.mjs starts and describes in the LOCAL_BACKEND variable. The port
// is run-tests.mjs's choice (KARMA_PORT): the backend's CORS rules allow exactly that origin.
process.env.CHROME_BIN ??= '/usr/bin/chromium';

module.exports = function (config) {
  config.set({
    ...(process.env.KARMA_PORT && { port: Number(process.env.KARMA_PORT) }),
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher')],
    client: {
      jasmine: { random: false, timeoutInterval: 30000 },
      backend: process.env.LOCAL_BACKEND ? JSON.parse(process.env.LOCAL_BACKEND) : undefined,
    },
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        // Without the background-networking flags Chromium stalls on a closed network.
        flags: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    },
    browsers: ['ChromeHeadlessCI'],
    reporters: ['dots'],
    browserNoActivityTimeout: 120000,
    captureTimeout: 120000,
    singleRun: true,
    restartOnFileChange: false,
  });
};
