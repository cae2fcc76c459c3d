#!/usr/bin/env node
// Autobahn|Testsuite client driver on Node ws, the same as ws's own test/autobahn.js: asks the fuzzing
// server for the case count, runs every case on its own connection echoing each message with its type
// (ws client defaults otherwise: it offers permessage-deflate), then asks for the reports.
//
// Usage: node ws-client.js BASE_URL AGENT [FIRST [LAST]]   e.g. ws://127.0.0.1:9001/ ws 1 517
// Prints `VERSION <ws version>` first and `DONE <cases run>` at the end; exits 0 once the reports were requested.
// With `--version` it prints only the VERSION line and exits.
// Debian installs node-ws under /usr/share/nodejs: run with NODE_PATH=/usr/share/nodejs.
'use strict';

const WebSocket = require('ws');
const wsVersion = require('ws/package.json').version;

process.stdout.write(`VERSION ${wsVersion}\n`);
if (process.argv.includes('--version')) {
  process.exit(0);
}

const [base, agent, firstArg, lastArg] = process.argv.slice(2);
if (!base || !agent) {
  process.stderr.write('usage: ws-client.js BASE_URL AGENT [FIRST [LAST]]\n');
  process.exit(2);
}

const url = (path) => new URL(path, base).toString();
let ran = 0;

function runCase(n, last) {
  if (n > last) {
    const reports = new WebSocket(url(`updateReports?agent=${encodeURIComponent(agent)}`));
    reports.on('error', () => {});
    reports.on('close', () => {
      process.stdout.write(`DONE ${ran}\n`);
      process.exit(0);
    });
    return;
  }

  const ws = new WebSocket(url(`runCase?case=${n}&agent=${encodeURIComponent(agent)}`));
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  // Cases break the protocol on purpose: errors are expected and end in 'close'.
  ws.on('error', () => {});
  ws.on('close', () => {
    ran++;
    process.nextTick(() => runCase(n + 1, last));
  });
}

const counter = new WebSocket(url('getCaseCount'));
let count = 0;
counter.on('message', (data) => { count = parseInt(data.toString(), 10); });
counter.on('error', (e) => { process.stderr.write(`getCaseCount failed: ${e.message}\n`); process.exit(1); });
counter.on('close', () => {
  const first = firstArg ? parseInt(firstArg, 10) : 1;
  const last = lastArg ? Math.min(parseInt(lastArg, 10), count) : count;
  runCase(first, last);
});
