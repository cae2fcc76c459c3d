#!/usr/bin/env node
// Echo server for WebSockets over HTTP/2 (RFC 8441) on Node's own http2 module and Node ws: an h2c server
// (prior knowledge) with `settings: { enableConnectProtocol: true }` answers each extended CONNECT with
// `:protocol websocket` with `:status 200` and hands the stream to ws as its socket (`new WebSocket(null)` +
// `setSocket`), which then echoes every message with its type, as tests/interop/ws-echo.js does over HTTP/1.1.
// This is how Node applications serve RFC 8441 today: the http2 module does the HTTP/2 side, ws the WebSocket.
// setSocket skips the request checks of ws's own handshake, so the one that applies over HTTP/2 (the
// Sec-WebSocket-Version) is made here as ws makes it.
//
// Protocol with the test fixture (ExternalEchoServer): prints `VERSION <ws version>` then, once bound,
// `LISTENING <port>` on stdout; serves until killed or until stdin closes. With `--version` it prints only the
// VERSION line and exits.
'use strict';

const http2 = require('http2');
const WebSocket = require('ws');
const wsVersion = require('ws/package.json').version;

const host = '127.0.0.1';
const port = 0; // ephemeral: the OS picks a free port, reported on the LISTENING line.
const maxPayload = 100 * 1024 * 1024; // ws's server default

process.stdout.write(`VERSION ${wsVersion}\n`);
if (process.argv.includes('--version')) {
  process.exit(0);
}

const server = http2.createServer({ settings: { enableConnectProtocol: true } });

server.on('stream', (stream, headers) => {
  if (headers[':method'] !== 'CONNECT' || headers[':protocol'] !== 'websocket') {
    stream.respond({ ':status': 404 });
    stream.end();
    return;
  }

  // What WebSocketServer.handleUpgrade checks over HTTP/1.1 and setSocket does not: refused with 400, as ws does.
  const version = headers['sec-websocket-version'];
  if (version !== '8' && version !== '13') {
    stream.respond({ ':status': 400 });
    stream.end();
    return;
  }

  stream.respond({ ':status': 200 });
  // ws tunes the socket it is given; an HTTP/2 stream has no Nagle algorithm to turn off.
  stream.setNoDelay = () => {};
  const ws = new WebSocket(null);
  ws.setSocket(stream, Buffer.alloc(0), { maxPayload });
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  // As in ws-echo.js: ws has already failed the connection when it emits 'error'.
  ws.on('error', () => {});
});

// A stream or session error (a reset, a lost connection) must not crash the server.
server.on('sessionError', () => {});
server.on('streamError', () => {});

server.listen(port, host, () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
