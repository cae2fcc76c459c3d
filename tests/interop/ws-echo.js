#!/usr/bin/env node
// Echo server on Node ws, configured exactly as the Autobahn|Testsuite reference run
// (/work/shared/reference/autobahn-results/README.md): `new WebSocketServer({ host, port })`, ws defaults
// otherwise (server permessage-deflate off, maxPayload 100 MiB), every message echoed with its type.
//
// Protocol with the test fixture (ExternalEchoServer): prints `VERSION <ws version>` then, once bound,
// `LISTENING <port>` on stdout; serves until killed or until stdin closes, so a crashed test runner
// does not leave the server behind. With `--version` it prints only the VERSION line and exits.
//
// Debian installs node-ws under /usr/share/nodejs, which a non-Debian node (e.g. NodeSource) does not
// search; the fixture sets NODE_PATH for that.
'use strict';

const { WebSocketServer } = require('ws');
const wsVersion = require('ws/package.json').version;

const host = '127.0.0.1';
const port = 0; // ephemeral: the OS picks a free port, reported on the LISTENING line.

process.stdout.write(`VERSION ${wsVersion}\n`);
if (process.argv.includes('--version')) {
  process.exit(0);
}

const wss = new WebSocketServer({ host, port });

wss.on('listening', () => {
  process.stdout.write(`LISTENING ${wss.address().port}\n`);
});

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  // ws has already failed the connection (close 1002/1007/1009) when it emits 'error'; an unhandled
  // 'error' event would crash the whole server, as in ws's own Autobahn script this is only logged.
  ws.on('error', () => {});
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
