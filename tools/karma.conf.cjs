// Karma for every project in this workspace: Debian's Chromium, headless, against the local
// backend that tools/run-tests.mjs starts and describes in the LOCAL_BACKEND variable.
const { CHROMIUM_FLAGS, CHROMIUM_PATH } = require('./browser-stack.cjs');

process.env.CHROME_BIN = CHROMIUM_PATH;

module.exports = function (config) {
  config.set({
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher')],
    client: {
      jasmine: { random: false, timeoutInterval: 30000 },
      backend: process.env.LOCAL_BACKEND ? JSON.parse(process.env.LOCAL_BACKEND) : undefined,
    },
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        flags: [...CHROMIUM_FLAGS],
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
