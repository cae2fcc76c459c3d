#!/usr/bin/env python3
"""A correct but slow echo server on Python websockets: every message is echoed DELAY seconds after it arrived
(one after another on each connection); pings, closes and errors are handled at once, as the library does.

Usage: /usr/bin/python3 slow-echo.py PORT [DELAY]   (DELAY defaults to 2 s; serves until killed)

Used to show that a slow server is reported as slow (SLOW, or OK marked slow), never FAILED; see the README.
"""

import asyncio
import sys

import websockets


async def main(port, delay):
    async def echo(ws):
        async for msg in ws:
            await asyncio.sleep(delay)
            await ws.send(msg)

    async with websockets.serve(echo, "127.0.0.1", port, max_size=2**25, compression=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 2.0))
