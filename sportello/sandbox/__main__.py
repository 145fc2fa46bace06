"""``python -m sportello.sandbox [--host H] [--port P]``: serve the sandbox alone, set up by SANDBOX_*."""

from __future__ import annotations

import argparse
import os

from .server import run


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sportello.sandbox", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("SANDBOX_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SANDBOX_PORT", "8000")))
    args = parser.parse_args()
    print(f"Sandbox WhatsApp: http://{args.host}:{args.port}/sandbox/")
    run(args.host, args.port)


if __name__ == "__main__":
    main()
