"""One bot process's storage, opened as the bot opens it, recording usage until SIGTERM.

    python -m tests.reliability.storage_process     # SIGNPOST_* settings from the environment

For tests of several processes sharing one database. Prints {"ready": true} once the storage is
open, records RATE events a second, and on SIGTERM closes as the bot does and prints what it
recorded, wrote and dropped, as one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import signal

from bot.chat.services import open_services
from bot.services import usage_event
from bot.settings import load_settings

BURST = 10
PAUSE = 0.005  # BURST events every PAUSE seconds: about 2,000 a second


async def main() -> None:
    services = await open_services(load_settings(_env_file=None))
    usage = services.usage
    assert usage is not None
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print(json.dumps({"ready": True}), flush=True)
    recorded = 0
    while not stop.is_set():
        for _ in range(BURST):
            usage.record(usage_event(None, "help", locale="en", server=None))
        recorded += BURST
        await asyncio.sleep(PAUSE)
    await services.close()
    print(json.dumps({"recorded": recorded, "written": usage.written, "dropped": usage.dropped}))


if __name__ == "__main__":
    asyncio.run(main())
