#!/usr/bin/env python3
"""past_kept.py URL REVISION [NAMES] [ROUNDS]: server time of /v1/check at a kept past revision
against the current one (issue 17: "< 20 us median once cached").

Asks NAMES distinct made-up company names (none is in the rulings cache, so every one is
matched and rendered) on one keep-alive connection, at the current data and at REVISION in
turn, ROUNDS times, and reads the server's own latency histogram from /metrics before and
after each batch (restrictd_http_request_duration_seconds, route /v1/check: time from the
request's arrival until its answer is ready). The client's own time is not counted. Prints,
per batch, the mean and the share answered within 10, 20 and 50 us, and the bucket the
median falls in. Ask REVISION once before (known_at.sh does) so that it is kept."""
import http.client
import os
import random
import re
import sys
import urllib.parse

SERIES = re.compile(r'restrictd_http_request_duration_seconds_(bucket|sum|count)'
                    r'\{method="GET",route="/v1/check"(?:,le="([^"]+)")?\} (\S+)')


def histogram(conn):
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    buckets, total, count = {}, 0.0, 0
    for kind, le, value in SERIES.findall(text):
        if kind == "bucket":
            buckets[le] = float(value)
        elif kind == "sum":
            total = float(value)
        else:
            count = int(float(value))
    return buckets, total, count


def made_up_names(n, seed):
    rng = random.Random(seed)
    syllables = "ka lo mi ra ne tu sa vo de li po an er is gu fe".split()
    word = lambda: "".join(rng.choice(syllables) for _ in range(3)).capitalize()
    return [f"{word()} {word()} {rng.choice(['Trading', 'Holdings', 'Shipping'])}"
            for _ in range(n)]


def batch(conn, names, extra):
    b0, s0, n0 = histogram(conn)
    for name in names:
        conn.request("GET", "/v1/check?view=compact&name=" + urllib.parse.quote(name) + extra)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"past_kept: {name!r}{extra}: status {response.status}")
    b1, s1, n1 = histogram(conn)
    n = n1 - n0
    share = {le: (b1[le] - b0.get(le, 0)) / n for le in b1}
    bounds = sorted((float(le), le) for le in b1 if le != "+Inf")
    median = next((le for _, le in bounds if share[le] >= 0.5), "+Inf")
    return n, (s1 - s0) / n * 1e6, share, median


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    url = urllib.parse.urlparse(sys.argv[1])
    revision = sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    conn = http.client.HTTPConnection(url.hostname, url.port or 80)
    load = os.getloadavg()
    print(f"server time of /v1/check, {n} made-up names a batch, load {load[0]:.2f}")
    for r in range(rounds):
        names = made_up_names(n, r)
        for label, extra in (("current", ""), (f"revision {revision}", f"&revision={revision}")):
            count, mean, share, median = batch(conn, names, extra)
            within = ", ".join(f"{share.get(le, 0):.0%} <= {us} us"
                               for le, us in (("1e-05", 10), ("2e-05", 20), ("5e-05", 50)))
            print(f"round {r + 1} {label:>16}: {count} checks, mean {mean:.1f} us, {within}; "
                  f"median <= {float(median) * 1e6:g} us" if median != "+Inf" else "median above")


if __name__ == "__main__":
    main()
