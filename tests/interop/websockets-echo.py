#!/usr/bin/env python3
"""Echo server on Python websockets, configured exactly as the Autobahn|Testsuite reference run
(/work/shared/reference/autobahn-results/README.md): `websockets.serve(echo, host, port, max_size=2**25)`,
library defaults otherwise (permessage-deflate on), every message echoed as received.

Protocol with the test fixture (ExternalEchoServer): prints `VERSION <websockets version>` then, once
bound, `LISTENING <port>` on stdout; serves until killed or until stdin closes, so a crashed test runner
does not leave the server behind. With `--version` it prints only the VERSION line and exits.
"""

import asyncio
import sys

import websockets
import websockets.version

HOST = "127.0.0.1"
PORT = 0  # ephemeral: the OS picks a free port, reported on the LISTENING line.
MAX_SIZE = 2**25


async def echo(ws):
    async for msg in ws:
        await ws.send(msg)


def read_stdin_to_end():
    # Blocks in a worker thread; returns when the fixture closes our stdin (or dies).
    while sys.stdin.buffer.read(4096):
        pass


async def main():
    async with websockets.serve(echo, HOST, PORT, max_size=MAX_SIZE) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, read_stdin_to_end)


if __name__ == "__main__":
    print(f"VERSION {websockets.version.version}", flush=True)
    if "--version" not in sys.argv[1:]:
        asyncio.run(main())
