#!/usr/bin/env python3
"""Autobahn|Testsuite client driver on Tornado's WebSocket client (tornado.websocket.websocket_connect): asks the
fuzzing server for the case count, runs every case on its own connection echoing each message as received, then
asks for the reports. Library defaults otherwise (no permessage-deflate offer).

Usage: tornado-client.py BASE_URL AGENT [FIRST [LAST]]   e.g. ws://127.0.0.1:9001/ tornado 1 314
Prints `VERSION <tornado version>` first and `DONE <cases run>` at the end; with `--version` only the first.
"""

import asyncio
import socket
import sys
import urllib.parse

import tornado
from tornado.websocket import websocket_connect

MAX_SIZE = 2**25
# Tornado 6.2 hangs on some cases: a Close with an invalid UTF-8 reason raises inside its read loop, which dies
# without telling read_message(), so it never returns. The loop is then no longer reading, so once the server has
# judged the case and closed TCP, the socket shows the end of the stream while no message came: the case is over.
# Checking that changes nothing on the wire. CASE_TIMEOUT stays as the last resort for anything else.
CASE_TIMEOUT = 60
PEER_GONE_POLL = 0.5


def peer_closed(ws):
    """True when the server closed TCP and nothing unread is left: what a dead read loop never reports."""
    stream = ws.protocol.stream if ws.protocol is not None else None
    if stream is None or stream.socket is None:
        return True
    try:
        return stream.socket.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


async def read_message(ws):
    """ws.read_message(), or None once the server has gone while the library's read loop is stuck."""
    read = asyncio.ensure_future(ws.read_message())
    while True:
        done, _ = await asyncio.wait({read}, timeout=PEER_GONE_POLL)
        if done:
            return read.result()
        if peer_closed(ws):
            read.cancel()
            return None


async def run_case(base, agent, number):
    url = urllib.parse.urljoin(base, f"runCase?case={number}&agent={urllib.parse.quote(agent)}")
    try:
        ws = await websocket_connect(url, max_message_size=MAX_SIZE)
    except Exception:  # Tornado raises several types for a refused or invalid handshake: all are the expected failure.
        return
    try:
        while (message := await read_message(ws)) is not None:
            await ws.write_message(message, binary=isinstance(message, bytes))
    except Exception:  # A connection the server breaks on purpose ends here too.
        pass
    finally:
        ws.close()


async def main(base, agent, first, last):
    ws = await websocket_connect(urllib.parse.urljoin(base, "getCaseCount"))
    count = int(await ws.read_message())
    ws.close()
    last = min(last or count, count)
    ran = 0
    for number in range(first, last + 1):
        try:
            await asyncio.wait_for(run_case(base, agent, number), CASE_TIMEOUT)
        except asyncio.TimeoutError:
            print(f"CASE {number} timed out in the client", file=sys.stderr, flush=True)
        ran += 1
    ws = await websocket_connect(urllib.parse.urljoin(base, f"updateReports?agent={urllib.parse.quote(agent)}"))
    await ws.read_message()
    print(f"DONE {ran}", flush=True)


if __name__ == "__main__":
    print(f"VERSION {tornado.version}", flush=True)
    if "--version" in sys.argv:
        sys.exit(0)
    if len(sys.argv) < 3:
        sys.exit("usage: tornado-client.py BASE_URL AGENT [FIRST [LAST]]")
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    last = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    asyncio.run(main(sys.argv[1], sys.argv[2], first, last))
