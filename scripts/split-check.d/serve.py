#!/usr/bin/env python3
"""Serve a built dist/ the way deploy/nginx.conf does (the CSP, application/wasm, unknown
paths -> index.html), plus a stand-in compute/image API under /api/ that answers every GET
with an empty list, so that pages render without a cloud. Logs each request path.
  serve.py DIST PORT"""
import http.server
import json
import os
import sys

DIST, PORT = sys.argv[1], int(sys.argv[2])
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "frame-ancestors 'none'")
TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".css": "text/css",
         ".json": "application/json", ".svg": "image/svg+xml", ".html": "text/html"}
EMPTY = {"servers": [], "images": [], "keypairs": [], "flavors": [], "networks": [],
         "security_groups": [], "server_groups": [], "availabilityZoneInfo": [],
         "metadata": {}, "limits": {"absolute": {}, "rate": []}, "quota_set": {}}


class Handler(http.server.BaseHTTPRequestHandler):
    def send(self, status, body, ctype):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/api/"):
            return self.send(200, json.dumps(EMPTY).encode(), "application/json")
        file = os.path.normpath(os.path.join(DIST, path.lstrip("/")))
        if not file.startswith(os.path.abspath(DIST)) or not os.path.isfile(file):
            file = os.path.join(DIST, "index.html")
        with open(file, "rb") as f:
            body = f.read()
        self.send(200, body, TYPES.get(os.path.splitext(file)[1], "application/octet-stream"))

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{self.command} {self.path}\n")


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
