'use strict';
// TEMPORARY, for scripts/start.js and scripts/interrupt.js only, until they import the modules
// this file was split into (workflow-json, n8n-rest, check-runner, leftovers, stop-check,
// sim-report, wait-for): start.js takes `waitForEditor` from './n8n-rest', interrupt.js
// `checker` from './check-runner' and `waitFor` from './wait-for'. Then delete this file.
const { checker } = require('./check-runner');
const { waitForEditor } = require('./n8n-rest');
const { waitFor } = require('./wait-for');

module.exports = { checker, waitFor, waitForEditor };
