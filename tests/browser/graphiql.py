#!/usr/bin/env python3
"""Opens /graphiql in headless Chromium with the network cut, runs the default
query and checks its result: GraphiQL must work from the binary alone.

    tests/browser/graphiql.py [--binary target/release/pledgegraph] [--screenshot FILE]

Needs Debian's chromium and chromium-driver. Drives Chromium through the
WebDriver protocol with the standard library only.
"""
import argparse
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"FAIL: {url} did not answer within {seconds} s")


class WebDriver:
    def __init__(self, base):
        self.base = base
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def start(self, chrome_args):
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": chrome_args}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def script(self, source, *args):
        return self.s("POST", "/execute/sync", {"script": source, "args": list(args)})

    def wait_for(self, source, seconds, what):
        deadline = time.time() + seconds
        while time.time() < deadline:
            value = self.script(source)
            if value:
                return value
            time.sleep(0.25)
        raise SystemExit(f"FAIL: {what} within {seconds} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/pledgegraph")
    ap.add_argument("--screenshot", default=None)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="pledgegraph-browser-")
    port, driver_port = free_port(), free_port()
    server = subprocess.Popen(
        [args.binary, "demo", "--bind", f"127.0.0.1:{port}", "--demo-database", os.path.join(work, "demo.db")],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "server.log"), "w"))
    driver = subprocess.Popen(["chromedriver", f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wd = WebDriver(f"http://127.0.0.1:{driver_port}")
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", 60)
        wait_http(f"http://127.0.0.1:{driver_port}/status", 30)
        wd.start([
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-extensions", "--disable-quic",
            # The network is cut: every host but this machine fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            f"--user-data-dir={os.path.join(work, 'profile')}", "--window-size=1400,900",
        ])
        wd.s("POST", "/url", {"url": f"http://127.0.0.1:{port}/graphiql"})
        wd.wait_for("return document.querySelector('.graphiql-execute-button') !== null", 30,
                    "GraphiQL did not render its run button")
        wd.script("document.querySelector('.graphiql-execute-button').click()")
        result = wd.wait_for(
            "const r = document.querySelector('.result-window');"
            "return r && r.innerText.includes('totalCount') ? r.innerText : null", 30,
            "the default query gave no result")
        if '"errors"' in result:
            raise SystemExit(f"FAIL: the query answered with errors:\n{result}")
        # The first two operators by name (all the result window shows): one
        # from a release the demo imports through the press-release plugin,
        # one from its projects table, read by the CSV plugin.
        for operator in ("Aerolis Maroc", "Atlas Composites"):
            if operator not in result:
                raise SystemExit(f"FAIL: the result lacks the example operator {operator}:\n{result}")
        foreign = wd.script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(u => !u.startsWith('http://127.0.0.1:'))")
        if foreign:
            raise SystemExit(f"FAIL: the page asked for outside resources: {foreign}")
        if args.screenshot:
            png = base64.b64decode(wd.s("GET", "/screenshot"))
            with open(args.screenshot, "wb") as f:
                f.write(png)
        print("ok: GraphiQL ran the default query with the network cut")
    finally:
        if wd.session:
            try:
                wd.call("DELETE", f"/session/{wd.session}")
            except OSError:
                pass
        driver.terminate()
        server.terminate()
        server.wait(timeout=30)
        driver.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
