#!/usr/bin/env python3
"""RSS of a running `docnum serve` across random hostile requests.

usage: rss-hostile.py BASE_URL SERVE_PID [REQUESTS] [CONNECTIONS]

Sends REQUESTS (default 100 000) requests with random methods (standard and
garbage), random paths (real routes with random tails, and random text) and
random headers over CONNECTIONS (default 8) kept-alive connections, and
prints the server's VmRSS every tenth of the run. Not a test: a measurement
for docs/benchmarks.md.
"""

import random
import socket
import string
import sys
import threading
from urllib.parse import urlparse

ROUTES = [
    "/api/v1/document-numbering/reserve",
    "/api/v1/document-numbering/confirm",
    "/api/v1/document-numbering/numbers",
    "/api/v1/document-numbering/series",
    "/api/v1/document-numbering/audit",
    "/healthz",
    "/readyz",
    "/metrics",
    "/swagger-ui",
]
STANDARD = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
SAFE = string.ascii_letters + string.digits + "-._~%"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def random_request(rng, host):
    method = rng.choice(STANDARD) if rng.random() < 0.5 else "".join(
        rng.choice(string.ascii_uppercase) for _ in range(rng.randint(1, 40))
    )
    tail = "".join(rng.choice(SAFE) for _ in range(rng.randint(0, 60)))
    path = rng.choice(ROUTES) + ("/" + tail if rng.random() < 0.7 else "")
    if rng.random() < 0.2:
        path = "/" + tail
    headers = [f"Host: {host}", "Connection: keep-alive"]
    for _ in range(rng.randint(0, 4)):
        name = "x-" + "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
        headers.append(f"{name}: {''.join(rng.choice(SAFE) for _ in range(20))}")
    if rng.random() < 0.3:
        headers.append("Authorization: Bearer " + "".join(rng.choice(SAFE) for _ in range(60)))
    if rng.random() < 0.3:
        headers.append("x-request-id: " + "".join(rng.choice(SAFE) for _ in range(rng.randint(1, 300))))
    body = b""
    if method not in ("GET", "HEAD") and rng.random() < 0.5:
        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
    headers.append(f"Content-Length: {len(body)}")
    head = f"{method} {path} HTTP/1.1\r\n" + "\r\n".join(headers) + "\r\n\r\n"
    return method, head.encode() + body


def read_response(sock, buf, method):
    """Reads one response; returns the leftover buffer (or None on close)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    chunked = False
    close = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            close = True
    if method == "HEAD":
        length = 0
    if chunked:
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                return None
            rest += chunk
        return None if close else b""
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return None if close else rest[length:]


def worker(url, count, seed, done):
    rng = random.Random(seed)
    sock = None
    buf = b""
    for _ in range(count):
        method, raw = random_request(rng, url.netloc)
        for _attempt in range(3):
            try:
                if sock is None:
                    sock = socket.create_connection((url.hostname, url.port))
                    buf = b""
                sock.sendall(raw)
                buf = read_response(sock, buf, method)
                if buf is None:
                    sock.close()
                    sock = None
                break
            except OSError:
                if sock is not None:
                    sock.close()
                sock = None
        with done[1]:
            done[0] += 1


def main():
    url = urlparse(sys.argv[1])
    pid = int(sys.argv[2])
    total = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    conns = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    done = [0, threading.Lock()]
    print(f"requests rss_kib\n0 {rss_kib(pid)}", flush=True)
    threads = [
        threading.Thread(target=worker, args=(url, total // conns, i, done), daemon=True)
        for i in range(conns)
    ]
    for t in threads:
        t.start()
    mark = total // 10
    next_mark = mark
    while any(t.is_alive() for t in threads):
        for t in threads:
            t.join(0.2)
        if done[0] >= next_mark:
            print(f"{done[0]} {rss_kib(pid)}", flush=True)
            next_mark += mark
    print(f"{done[0]} {rss_kib(pid)} (end)", flush=True)


if __name__ == "__main__":
    main()
