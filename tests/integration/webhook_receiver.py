#!/usr/bin/env python3
"""A webhook receiver for the monitoring tests: python3 webhook_receiver.py PORT LOG SECRET_FILE

Listens on 127.0.0.1:PORT and appends one JSON line per POST to LOG: the path, the three
Standard Webhooks headers, the body, and whether the signature is valid, checked here
independently of restrictd (HMAC-SHA256 over id.timestamp.body with the base64-decoded key
after "whsec_", read from SECRET_FILE at each request). Paths change the answer:
/slow sleeps 30 s, /redirect answers 302, /huge answers 8 MiB, /fail answers 500; else 204.
"""
import base64
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, SECRET_FILE = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def valid(msg_id, timestamp, body, signature):
    try:
        with open(SECRET_FILE, encoding="ascii") as f:
            secret = f.read().strip()
    except OSError:
        return False
    if not secret.startswith("whsec_"):
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    want = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(s.startswith("v1,") and hmac.compare_digest(s[3:], want)
               for s in signature.split(" "))


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        h = {k: self.headers.get(k, "") for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
        line = {"path": self.path, "id": h["webhook-id"], "timestamp": h["webhook-timestamp"],
                "valid": valid(h["webhook-id"], h["webhook-timestamp"], body, h["webhook-signature"]),
                "body": json.loads(body or b"null"), "at": time.time()}
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
        if self.path == "/slow":
            time.sleep(30)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.end_headers()
            return
        if self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(8 << 20))
            self.end_headers()
            try:
                self.wfile.write(b"x" * (8 << 20))
            except OSError:
                pass  # restrictd stops reading at 64 KiB: that is the point
            return
        self.send_response(500 if self.path == "/fail" else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
