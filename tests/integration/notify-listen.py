#!/usr/bin/env python3
"""Plays systemd's side of sd_notify for tests/integration/notify.sh.

Usage: notify-listen.py SOCKET LOG PORT

Binds a Unix datagram socket at SOCKET and writes every message netpontd
sends to LOG, one line per assignment, prefixed by the time since start.
When READY=1 arrives it connects to 127.0.0.1:PORT at once and logs
"CONNECT=ok" or "CONNECT=refused", so the test can tell whether the port
already accepted connections when readiness was announced. Runs until
killed.
"""
import socket
import sys
import time

path, log_path, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
start = time.monotonic()
with open(log_path, "a", buffering=1) as log:
    log.write("LISTENING=1\n")
    while True:
        data = sock.recv(4096).decode("utf-8", "replace")
        stamp = time.monotonic() - start
        for line in data.split("\n"):
            if line:
                log.write("%.3f %s\n" % (stamp, line))
        if "READY=1" in data.split("\n"):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                log.write("%.3f CONNECT=ok\n" % stamp)
            except OSError:
                log.write("%.3f CONNECT=refused\n" % stamp)
