#!/usr/bin/env python3
"""Open a Liaison report in a real headless Chromium and check it as a person would see it.

    python3 Tests/browser/check_report.py REPORT.html [--screenshot OUT.png] [--tall OUT.png]
                                          [--chromium PATH] [--timeout SECONDS]

Starts `chromium --headless=new --remote-debugging-port=0` with a throw-away profile, speaks the
DevTools protocol over a WebSocket (a minimal client below: standard library only, no network
beyond 127.0.0.1), opens the report from file://, and fails (exit 1) on:
  - any console error, uncaught exception or error log entry (CSP violations included);
  - a missing map (svg with g.node elements), table or section heading, or script that did not run;
  - a click on an expert that does not highlight its neighbourhood or fill the details panel;
  - hovering that shows no tooltip, a search that does not find an expert, zoom that does nothing,
    a table heading that does not sort;
  - a blank 1280x800 screenshot (the PNG is decoded and its colours counted).
Chromium is always killed, every wait is bounded, and the whole run has a deadline.
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

SECTIONS = ["Headline", "The network map", "Under-visited key experts", "Coverage by tier, region and liaison",
            "Quarter comparison", "Communities and bridges", "Data notes"]


class Failure(Exception):
    pass


# ---------------------------------------------------------------- a minimal WebSocket client

class WebSocket:
    """RFC 6455 client: text frames, masking, fragmentation, ping/pong. Enough for DevTools."""

    def __init__(self, url, timeout):
        if not url.startswith("ws://"):
            raise Failure(f"unexpected DevTools URL {url}")
        rest = url[len("ws://"):]
        hostport, _, path = rest.partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Failure("DevTools closed the WebSocket handshake")
            head += chunk
        status, _, self.buffer = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n")[0]:
            raise Failure(f"WebSocket handshake refused: {status.decode(errors='replace')}")

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise Failure("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(header) + masked)

    def _control(self, opcode, payload):
        mask = os.urandom(4)
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask
                          + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise Failure("DevTools closed the WebSocket")
            if opcode == 0x9:
                self._control(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ---------------------------------------------------------------- DevTools session

class DevTools:
    def __init__(self, ws_url, timeout):
        self.ws = WebSocket(ws_url, timeout)
        self.next_id = 0
        self.events = []
        self.errors = []

    def _note(self, event):
        self.events.append(event)
        method, p = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            self.errors.append(f"console.{p.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.errors.append("uncaught exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            self.errors.append(f"log error ({e.get('source')}): {e.get('text')} {e.get('url', '')}".strip())

    def call(self, method, params=None, timeout=30):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params or {}}))
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = json.loads(self.ws.receive())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise Failure(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self._note(msg)
        raise Failure(f"{method}: no answer within {timeout} s")

    def wait_for(self, method, timeout=30):
        for e in self.events:
            if e.get("method") == method:
                return e
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = json.loads(self.ws.receive())
            if "method" in msg:
                self._note(msg)
                if msg["method"] == method:
                    return msg
        raise Failure(f"no {method} within {timeout} s")

    def eval(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise Failure(f"evaluating {expression[:80]!r}: {r['exceptionDetails'].get('exception', {}).get('description')}")
        return r.get("result", {}).get("value")

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y, "button": "left" if kind != "mouseMoved" else "none", "clickCount": 1}
            self.call("Input.dispatchMouseEvent", params)

    def settle(self, seconds=0.2):
        """Lets the page run for a moment while still collecting events."""
        self.eval(f"new Promise(r => setTimeout(r, {int(seconds * 1000)}))")


# ---------------------------------------------------------------- PNG decoding

def png_pixels(data):
    """Decodes an 8-bit RGB or RGBA PNG to (width, height, rows of pixel tuples)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Failure("screenshot is not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise Failure(f"unexpected PNG format (depth {depth}, colour type {ctype})")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if width is None:
        raise Failure("PNG without IHDR")
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def check_not_blank(png, width, height):
    w, h, rows, bpp = png_pixels(png)
    if (w, h) != (width, height):
        raise Failure(f"screenshot is {w}x{h}, expected {width}x{height}")
    counts = {}
    for row in rows[::2]:
        for i in range(0, len(row), bpp * 2):
            px = row[i:i + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    if len(counts) < 32 or top / total > 0.97:
        raise Failure(f"screenshot looks blank: {len(counts)} colours, the commonest covers {100 * top / total:.1f} %")
    return len(counts), top / total


# ---------------------------------------------------------------- the checks

def find_chromium(explicit):
    for name in ([explicit] if explicit else []) + ["chromium", "chromium-browser", "google-chrome", "chrome"]:
        path = shutil.which(name) if name else None
        if path:
            return path
    raise Failure("no chromium found on PATH")


def start_chromium(binary, profile, timeout):
    args = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update",
            "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--window-size=1280,800", "about:blank"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    port_file = Path(profile) / "DevToolsActivePort"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
            raise Failure(f"chromium exited with status {proc.returncode}: {err}")
        if port_file.exists():
            lines = port_file.read_text().split("\n")
            if lines and lines[0].strip().isdigit():
                return proc, int(lines[0])
        time.sleep(0.1)
    raise Failure(f"chromium did not open its DevTools port within {timeout} s")


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired, PermissionError):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired, PermissionError):
            pass


def page_target(port, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                for t in json.loads(r.read()):
                    if t.get("type") == "page" and t.get("webSocketDebuggerUrl"):
                        return t["webSocketDebuggerUrl"]
        except OSError:
            pass
        time.sleep(0.1)
    raise Failure("no page target in chromium")


def run(report, screenshot, tall, binary, timeout):
    report = Path(report).resolve()
    if not report.is_file():
        raise Failure(f"no report at {report}")
    profile = tempfile.mkdtemp(prefix="liaison-chromium-")
    proc = None
    dt = None
    results = {}
    try:
        proc, port = start_chromium(binary, profile, timeout)
        dt = DevTools(page_target(port, timeout), timeout)
        for domain in ("Runtime", "Log", "Page"):
            dt.call(f"{domain}.enable")
        dt.call("Emulation.setDeviceMetricsOverride",
                {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
        started = time.time()
        dt.call("Page.navigate", {"url": report.as_uri()})
        dt.wait_for("Page.loadEventFired", timeout)
        results["load_seconds"] = round(time.time() - started, 2)

        state = dt.eval("""(() => {
          const svg = document.querySelector('#map-frame svg');
          const heads = Array.from(document.querySelectorAll('h2')).map(h => h.textContent);
          const data = JSON.parse(document.getElementById('report-data').textContent);
          return {js: document.documentElement.classList.contains('js'),
                  nodes: svg ? svg.querySelectorAll('g.node').length : 0,
                  edges: svg ? svg.querySelectorAll('g.edge').length : 0,
                  tables: document.querySelectorAll('table').length,
                  rows: document.querySelectorAll('tbody tr').length,
                  charts: document.querySelectorAll('svg.chart').length,
                  gapMaps: document.querySelectorAll('.gapmaps svg g.node').length,
                  heads: heads, experts: data.map.experts.length,
                  external: Array.from(document.querySelectorAll('[src],[href]')).map(e => e.getAttribute('src') || e.getAttribute('href'))
                              .filter(u => !(u.startsWith('#') || u.startsWith('data:')))};
        })()""")
        results.update({k: state[k] for k in ("nodes", "edges", "tables", "rows", "charts", "gapMaps")})
        if not state["js"]:
            raise Failure("the report's script did not run (no 'js' class on <html>)")
        if state["nodes"] < 2 or state["nodes"] != state["experts"]:
            raise Failure(f"map has {state['nodes']} g.node elements, the data {state['experts']} experts")
        if state["tables"] < 3 or state["rows"] < 5:
            raise Failure(f"only {state['tables']} tables with {state['rows']} rows")
        for s in SECTIONS:
            if not any(h.startswith(s) for h in state["heads"]):
                raise Failure(f"no section heading '{s}' (headings: {state['heads']})")
        if state["external"]:
            raise Failure(f"external references: {state['external'][:5]}")

        # Hover an expert: the floating tooltip shows their name.
        pick = dt.eval("""(() => {
          const data = JSON.parse(document.getElementById('report-data').textContent);
          const deg = data.map.experts.map(() => 0);
          data.map.links.forEach(l => { deg[l[0]]++; deg[l[1]]++; });
          const order = deg.map((d, k) => k).sort((a, b) => deg[b] - deg[a]);
          document.getElementById('map-frame').scrollIntoView({block: 'start'});
          for (const k of order) {
            const el = document.getElementById('m' + k);
            const shape = el && el.querySelector('ellipse, polygon');
            if (!shape) continue;
            const r = shape.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
            const hit = document.elementFromPoint(x, y);
            const g = hit && hit.closest('g.node');
            if (!g || g.id.charAt(0) !== 'm') continue;
            const j = parseInt(g.id.slice(1), 10);
            if (deg[j] === 0) continue;
            return {x: x, y: y, k: j, name: data.map.experts[j].name, id: data.map.experts[j].id, degree: deg[j]};
          }
          return null;
        })()""")
        if not pick:
            raise Failure("no expert with links could be pointed at on the map")
        dt.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": pick["x"], "y": pick["y"]})
        dt.settle(0.1)
        tip = dt.eval("(() => { const t = document.getElementById('tooltip'); return t && !t.hidden ? t.textContent : null; })()")
        if not tip or pick["name"] not in tip:
            raise Failure(f"hovering {pick['id']} shows no tooltip with their name (got {tip!r})")

        # Click it: neighbourhood highlighted, details panel filled.
        before = dt.eval("document.querySelectorAll('#map-frame g.node.hl').length")
        dt.click(pick["x"], pick["y"])
        dt.settle(0.1)
        after = dt.eval("""(() => ({
          focus: document.querySelector('#map-frame svg').classList.contains('focus-mode'),
          hl: document.querySelectorAll('#map-frame g.node.hl').length,
          sel: Array.from(document.querySelectorAll('#map-frame g.node.sel')).map(g => g.id),
          edges: document.querySelectorAll('#map-frame g.edge.hl').length,
          panel: document.getElementById('details').textContent}))()""")
        if not after["focus"] or after["hl"] <= before or after["sel"] != [f"m{pick['k']}"] or after["edges"] < 1:
            raise Failure(f"clicking {pick['id']} did not highlight its neighbourhood: {after}")
        if pick["name"] not in after["panel"] or "coverage" not in after["panel"]:
            raise Failure(f"the details panel does not show {pick['name']}: {after['panel'][:200]!r}")
        results["clicked"] = f"{pick['id']} ({after['hl']} neighbours, {after['edges']} links highlighted)"

        # Zoom with the wheel: the viewBox shrinks.
        vb = dt.eval("document.querySelector('#map-frame svg').getAttribute('viewBox')")
        dt.call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": pick["x"], "y": pick["y"], "deltaX": 0, "deltaY": -300})
        dt.settle(0.1)
        vb2 = dt.eval("document.querySelector('#map-frame svg').getAttribute('viewBox')")
        if vb2 == vb or float(vb2.split()[2]) >= float(vb.split()[2]):
            raise Failure(f"the wheel did not zoom in (viewBox {vb} -> {vb2})")
        dt.eval("document.getElementById('zoom-reset').click()")

        # Search: type an expert's id and press Enter.
        target = dt.eval("""(() => { const d = JSON.parse(document.getElementById('report-data').textContent);
                             const x = d.map.experts[d.map.experts.length - 1]; return {id: x.id, name: x.name}; })()""")
        dt.eval("document.getElementById('search-input').focus()")
        dt.call("Input.insertText", {"text": target["id"]})
        for kind in ("keyDown", "keyUp"):
            dt.call("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
                                               "text": "\r" if kind == "keyDown" else ""})
        dt.settle(0.1)
        found = dt.eval("""(() => ({status: document.getElementById('search-status').textContent,
                                    found: document.querySelectorAll('#map-frame g.node.found').length,
                                    panel: document.getElementById('details').textContent}))()""")
        if found["found"] != 1 or target["name"] not in found["panel"] or "Found" not in found["status"]:
            raise Failure(f"searching for {target['id']} did not find them: {found}")
        results["searched"] = target["id"]
        # Reset view clears the selection, and the search's "Found ..." with it.
        dt.eval("document.getElementById('zoom-reset').click()")
        after = dt.eval("""(() => ({status: document.getElementById('search-status').textContent,
                                    found: document.querySelectorAll('#map-frame g.node.found').length,
                                    panel: document.getElementById('details').textContent}))()""")
        if after["status"] or after["found"] or target["name"] in after["panel"]:
            raise Failure(f"Reset view left the search's selection behind: {after}")

        # Sort a table by clicking a heading.
        sorted_ = dt.eval("""(() => { const th = document.querySelector('#gaps-table th:nth-child(5)') || document.querySelector('table.sortable th');
                            th.click(); return th.getAttribute('aria-sort'); })()""")
        if sorted_ not in ("ascending", "descending"):
            raise Failure(f"clicking a table heading did not sort it ({sorted_!r})")

        # Screenshot at 1280x800: the top of the report, then the map with an expert selected.
        dt.eval("document.getElementById('zoom-reset').click(); window.scrollTo(0, 0)")
        dt.settle(0.2)
        shot = base64.b64decode(dt.call("Page.captureScreenshot", {"format": "png"})["data"])
        colours, share = check_not_blank(shot, 1280, 800)
        results["screenshot"] = f"1280x800, {colours} colours, commonest {100 * share:.0f} %"
        if screenshot:
            Path(screenshot).write_bytes(shot)
        if tall:
            height = dt.eval("""(() => { const m = document.getElementById('map');
                               document.querySelector('#map-frame svg').style.height = '640px';
                               document.getElementById('search-input').value = '';
                               document.getElementById('search-status').textContent = '';
                               return Math.ceil(m.getBoundingClientRect().bottom + scrollY + 16); })()""")
            height = max(800, min(int(height), 2400))
            dt.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False})
            dt.settle(0.3)
            dt.eval(f"""(() => {{ const g = document.getElementById('m{pick['k']}');
                         g.dispatchEvent(new MouseEvent('click', {{bubbles: true}})); window.scrollTo(0, 0); }})()""")
            dt.settle(0.3)
            big = base64.b64decode(dt.call("Page.captureScreenshot", {"format": "png"})["data"])
            check_not_blank(big, 1280, height)
            Path(tall).write_bytes(big)
            results["tall_screenshot"] = f"1280x{height}"
        dt.settle(0.2)
        if dt.errors:
            raise Failure("console errors:\n  " + "\n  ".join(dt.errors))
        return results
    finally:
        if dt is not None:
            dt.ws.close()
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report")
    ap.add_argument("--screenshot", help="save the 1280x800 screenshot here")
    ap.add_argument("--tall", help="also save a taller screenshot (header, headline and map, an expert selected)")
    ap.add_argument("--chromium", help="browser binary (default: chromium on PATH)")
    ap.add_argument("--timeout", type=float, default=60, help="bound on each wait, in seconds")
    args = ap.parse_args()

    def deadline(signum, frame):
        raise Failure("the whole check took longer than its deadline")
    signal.signal(signal.SIGALRM, deadline)
    signal.alarm(int(args.timeout * 3))
    try:
        results = run(args.report, args.screenshot, args.tall, find_chromium(args.chromium), args.timeout)
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    print("PASS " + json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
