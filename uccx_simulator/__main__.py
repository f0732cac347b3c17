"""`python -m uccx_simulator`: serve both nodes and the control API until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import signal
import threading

from .server import Simulator
from .tls import Certificate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m uccx_simulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port-a", type=int, default=9081)
    parser.add_argument("--port-b", type=int, default=9082)
    parser.add_argument("--control-port", type=int, default=9080)
    parser.add_argument("--username", default="administrator")
    parser.add_argument("--password", default="ciscopsdt")
    parser.add_argument(
        "--seed-demo", action="store_true", help="teams, applications with script parameters, prompts"
    )
    parser.add_argument("--no-quirks", action="store_true", help="JSON lists always as arrays")
    parser.add_argument(
        "--https", action="store_true", help="nodes speak HTTPS (self-signed certificate made at start)"
    )
    parser.add_argument("--certfile", help="with --https: PEM certificate to present instead")
    parser.add_argument("--keyfile", help="with --https: PEM private key of --certfile")
    args = parser.parse_args(argv)
    if bool(args.certfile) != bool(args.keyfile):
        parser.error("--certfile and --keyfile go together")
    https: bool | Certificate = args.https
    if args.certfile:
        https = Certificate(args.certfile, args.keyfile)

    sim = Simulator(
        username=args.username,
        password=args.password,
        host=args.host,
        ports={"A": args.port_a, "B": args.port_b, "control": args.control_port},
        quirks=not args.no_quirks,
        https=https,
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with sim:
        if args.seed_demo:
            sim.seed_demo()
        print(
            f"UCCX simulator: node A {sim.url('A')}, node B {sim.url('B')}, control {sim.control_url}",
            flush=True,
        )
        if sim.certificate is not None:
            print(
                f"UCCX simulator certificate (trust it with UCCX_VERIFY_TLS=this path): "
                f"{sim.certificate.certfile}",
                flush=True,
            )
        stop.wait()


if __name__ == "__main__":
    main()
