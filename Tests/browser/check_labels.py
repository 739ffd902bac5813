#!/usr/bin/env python3
"""Check, with the text as a real browser draws it, that every name on a map sits against its own node.

    python3 Tests/browser/check_labels.py FILE.svg|FILE.html ... [--chromium PATH] [--timeout SECONDS]

Opens each file in headless Chromium (the DevTools client of check_report.py; standard library only,
no network beyond 127.0.0.1) and, for every SVG map in it, takes each node group's ellipse and the
bounding box of its name text (`getBBox`, the font as rendered) and fails (exit 1) when a name:
  - is nearer another node than its own (or as near),
  - does not touch its own node (more than 6 units, half an em of the 12-point names, away), or
  - overlaps another name.
Prints one line per map: the number of names checked.
"""
import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_report as cr  # noqa: E402

CHECK = r"""
(function () {
  function dist(b, e) {
    var px = Math.min(Math.max(e.cx, b.x), b.x + b.width), py = Math.min(Math.max(e.cy, b.y), b.y + b.height);
    var dx = px - e.cx, dy = py - e.cy, d = Math.sqrt(dx * dx + dy * dy);
    if (d === 0) return 0;
    var r = 1 / Math.sqrt(Math.pow(dx / d / e.rx, 2) + Math.pow(dy / d / e.ry, 2));
    return Math.max(0, d - r);
  }
  var maps = [];
  document.querySelectorAll('svg').forEach(function (svg) {
    var nodes = [];
    svg.querySelectorAll('g.node').forEach(function (g) {
      var el = g.querySelector('ellipse');
      if (!el) return;
      var e = {id: g.id, cx: +el.getAttribute('cx'), cy: +el.getAttribute('cy'),
               rx: +el.getAttribute('rx'), ry: +el.getAttribute('ry'), labels: []};
      g.querySelectorAll('text').forEach(function (t) {
        if (t.textContent.trim()) { var b = t.getBBox(); e.labels.push({text: t.textContent, x: b.x, y: b.y, width: b.width, height: b.height}); }
      });
      nodes.push(e);
    });
    var problems = [], boxes = [], count = 0;
    nodes.forEach(function (n) {
      n.labels.forEach(function (l) {
        count++;
        var own = dist(l, n);
        if (own > 6) problems.push("'" + l.text + "' is " + own.toFixed(1) + " from its node " + n.id);
        nodes.forEach(function (m) {
          if (m !== n && m.rx > 1) {
            var d = dist(l, m);
            if (d <= own) problems.push("'" + l.text + "' (" + n.id + ") is as near " + m.id + " (" + d.toFixed(1) + ") as its own node (" + own.toFixed(1) + ")");
          }
        });
        boxes.push(l);
      });
    });
    for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i], b = boxes[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        problems.push("'" + a.text + "' overlaps '" + b.text + "'");
    }
    if (nodes.length) maps.push({labels: count, problems: problems.slice(0, 10)});
  });
  return JSON.stringify(maps);
})()
"""


def check(files, binary, timeout):
    profile = tempfile.mkdtemp(prefix="liaison-chromium-")
    proc, dt, failed = None, None, False
    try:
        proc, port = cr.start_chromium(binary, profile, timeout)
        dt = cr.DevTools(cr.page_target(port, timeout), timeout)
        dt.call("Page.enable")
        for f in files:
            url = Path(f).resolve().as_uri()
            dt.call("Page.navigate", {"url": url})
            deadline = time.time() + timeout
            while dt.eval("document.readyState === 'complete' && location.href") != url:
                if time.time() > deadline:
                    raise cr.Failure(f"{f} did not load within {timeout} s")
                time.sleep(0.1)
            maps = json.loads(dt.eval(CHECK))
            if not maps:
                print(f"FAIL {f}: no map", file=sys.stderr)
                failed = True
            for k, m in enumerate(maps):
                if m["problems"]:
                    failed = True
                    print(f"FAIL {f} map {k}: " + "; ".join(m["problems"]), file=sys.stderr)
                else:
                    print(f"ok {f} map {k}: {m['labels']} names, each against its own node")
    finally:
        cr.stop(proc)
        shutil.rmtree(profile, ignore_errors=True)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--chromium")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()

    def deadline(signum, frame):
        raise cr.Failure("the whole check took longer than its deadline")
    signal.signal(signal.SIGALRM, deadline)
    signal.alarm(int(args.timeout * 4))
    try:
        return check(args.files, cr.find_chromium(args.chromium), args.timeout)
    except cr.Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
