#!/usr/bin/env python3
"""Autobahn|Testsuite client driver on Python websockets, as websockets' own compliance/test_client.py:
asks the fuzzing server for the case count, runs every case on its own connection echoing each message as
received (library defaults otherwise: it offers permessage-deflate), then asks for the reports.

Usage: websockets-client.py BASE_URL AGENT [FIRST [LAST]]   e.g. ws://127.0.0.1:9001/ websockets 1 517
Prints `VERSION <websockets version>` first and `DONE <cases run>` at the end; with `--version` only the first.
"""

import asyncio
import json
import sys
import urllib.parse

import websockets
import websockets.version

MAX_SIZE = 2**25


async def run_case(base, agent, number):
    uri = urllib.parse.urljoin(base, f"runCase?case={number}&agent={urllib.parse.quote(agent)}")
    try:
        async with websockets.connect(uri, max_size=MAX_SIZE) as ws:
            async for message in ws:
                await ws.send(message)
    except (websockets.exceptions.WebSocketException, OSError, asyncio.TimeoutError):
        # Cases break the protocol on purpose: the client failing the connection is the expected outcome.
        pass


async def main(base, agent, first, last):
    async with websockets.connect(urllib.parse.urljoin(base, "getCaseCount")) as ws:
        count = json.loads(await ws.recv())
    last = min(last or count, count)
    ran = 0
    for number in range(first, last + 1):
        await run_case(base, agent, number)
        ran += 1
    uri = urllib.parse.urljoin(base, f"updateReports?agent={urllib.parse.quote(agent)}")
    try:
        async with websockets.connect(uri) as ws:
            await ws.wait_closed()
    except websockets.exceptions.WebSocketException:
        pass
    print(f"DONE {ran}", flush=True)


if __name__ == "__main__":
    print(f"VERSION {websockets.version.version}", flush=True)
    if "--version" in sys.argv:
        sys.exit(0)
    if len(sys.argv) < 3:
        sys.exit("usage: websockets-client.py BASE_URL AGENT [FIRST [LAST]]")
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    last = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    asyncio.run(main(sys.argv[1], sys.argv[2], first, last))
