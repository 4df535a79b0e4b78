'use strict';
// `node tools/simulator.js`: the API simulator (test/simulator/) as a process of its own.
require('./typescript');
require('../test/simulator/main').runFromEnvironment(process.env);
