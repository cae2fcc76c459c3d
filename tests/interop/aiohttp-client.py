#!/usr/bin/env python3
"""Autobahn|Testsuite client driver on aiohttp's WebSocket client: asks the fuzzing server for the case count,
runs every case on its own WebSocket connection echoing each message as received, then asks for the reports.
One ClientSession for the whole run, as aiohttp is meant to be used: its connection pool keeps HTTP connections
alive, so after a refused handshake (200 or 403 with Content-Length: 0) it may send the next request on the same
connection. Library defaults otherwise (no permessage-deflate offer).

Usage: aiohttp-client.py BASE_URL AGENT [FIRST [LAST]]   e.g. ws://127.0.0.1:9001/ aiohttp 1 314
Prints `VERSION <aiohttp version>` first and `DONE <cases run>` at the end; with `--version` only the first.
"""

import asyncio
import json
import sys
import urllib.parse

import aiohttp

MAX_SIZE = 2**25
# A client-side bound per case, so a case the library hangs on cannot stop the run (the server bounds its side).
CASE_TIMEOUT = 60


async def run_case(session, base, agent, number):
    url = urllib.parse.urljoin(base, f"runCase?case={number}&agent={urllib.parse.quote(agent)}")
    try:
        async with session.ws_connect(url, max_msg_size=MAX_SIZE) as ws:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    await ws.send_str(message.data)
                elif message.type == aiohttp.WSMsgType.BINARY:
                    await ws.send_bytes(message.data)
                else:
                    break
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError):
        # Cases break the protocol on purpose: the client failing the connection is the expected outcome.
        pass


async def main(base, agent, first, last):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(urllib.parse.urljoin(base, "getCaseCount")) as ws:
            count = json.loads((await ws.receive()).data)
        last = min(last or count, count)
        ran = 0
        for number in range(first, last + 1):
            try:
                await asyncio.wait_for(run_case(session, base, agent, number), CASE_TIMEOUT)
            except asyncio.TimeoutError:
                print(f"CASE {number} timed out in the client", file=sys.stderr, flush=True)
            ran += 1
        async with session.ws_connect(urllib.parse.urljoin(base, f"updateReports?agent={urllib.parse.quote(agent)}")) as ws:
            await ws.receive()
    print(f"DONE {ran}", flush=True)


if __name__ == "__main__":
    print(f"VERSION {aiohttp.__version__}", flush=True)
    if "--version" in sys.argv:
        sys.exit(0)
    if len(sys.argv) < 3:
        sys.exit("usage: aiohttp-client.py BASE_URL AGENT [FIRST [LAST]]")
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    last = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    asyncio.run(main(sys.argv[1], sys.argv[2], first, last))
