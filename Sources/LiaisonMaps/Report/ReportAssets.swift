/// The report's inline stylesheet and script. Both are constants (no user text), so the script's
/// hash in the Content-Security-Policy never changes with the data.
enum ReportAssets {
    /// Screen and print styles. Colours: Okabe–Ito, safe for colour-blind readers.
    static let css = """
    :root{--ink:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg:#fafafa;--card:#fff;--accent:#0072B2}
    *{box-sizing:border-box}
    html{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
    body{margin:0}
    header.top{background:#fff;border-bottom:1px solid var(--line);padding:14px 28px 8px}
    header.top h1{margin:0;font-size:1.5rem}
    header.top p{margin:.2rem 0;color:var(--muted)}
    nav.toc{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9rem;margin-top:6px}
    nav.toc a{color:var(--accent);text-decoration:none}
    main{max-width:1280px;margin:0 auto;padding:8px 28px 40px}
    section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 20px 18px;margin:16px 0}
    h2{margin:.1rem 0 .6rem;font-size:1.25rem}
    h3{margin:1rem 0 .4rem;font-size:1.05rem}
    .muted{color:var(--muted)}
    .small{font-size:.85rem}
    .trends{display:flex;flex-wrap:wrap;gap:12px}
    svg.trend .trend-line{stroke:#3B3B3B;stroke-width:2}
    svg.trend .trend-line.paced{stroke-dasharray:4 3}
    svg.trend .trend-point{fill:#3B3B3B}
    svg.trend .trend-point.paced{fill:#FFFFFF;stroke:#3B3B3B;stroke-width:1.5}
    .pacing{background:#FFF6E0;border-left:4px solid #E69F00;padding:6px 10px;margin:8px 0}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px}
    .card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fff}
    .card .k{font-size:.85rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
    .card .v{font-size:1.9rem;font-weight:650;line-height:1.2}
    .card .d{font-size:.95rem;font-weight:600}
    .card .d.up{color:#006e50}.card .d.down{color:#a33f00}.card .d.flat{color:var(--muted)}
    .card .s{font-size:.85rem;color:var(--muted)}
    .map-layout{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:14px}
    .map-frame{position:relative;border:1px solid var(--line);border-radius:6px;background:#fff;overflow:hidden}
    .map-frame svg.netmap{display:block;width:100%;height:auto;max-height:none}
    .js .map-frame svg.netmap{height:68vh;min-height:420px;cursor:grab;touch-action:none}
    .js .map-frame svg.netmap.dragging{cursor:grabbing}
    svg.netmap g.node{cursor:pointer}
    svg.netmap.focus-mode g.node{opacity:.14;transition:opacity .15s}
    svg.netmap.focus-mode g.edge{opacity:.05}
    svg.netmap.focus-mode g.node.hl,svg.netmap.focus-mode g.node.sel{opacity:1}
    svg.netmap.focus-mode g.edge.hl{opacity:.95}
    svg.netmap g.edge.hl path{stroke:#000}
    svg.netmap g.node.sel ellipse,svg.netmap g.node.sel polygon{stroke:#000;stroke-width:4}
    svg.netmap g.node.found ellipse{stroke:#0072B2;stroke-width:5}
    .controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 8px}
    .controls input[type=search]{min-width:260px;padding:5px 8px;font:inherit;border:1px solid #b9b9c0;border-radius:5px}
    button{font:inherit;padding:4px 10px;border:1px solid #b9b9c0;background:#fff;border-radius:5px;cursor:pointer}
    button:hover{background:#f0f4f8}
    .needs-js{display:none}
    .js .needs-js{display:revert}
    .js .no-js{display:none}
    aside.panel{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fff;font-size:.92rem;align-self:start;position:sticky;top:8px}
    aside.panel h3{margin-top:0}
    aside.panel dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}
    aside.panel dt{color:var(--muted)}
    aside.panel dd{margin:0}
    aside.panel .nb{display:flex;flex-wrap:wrap;gap:4px;margin-top:6px}
    aside.panel .nb button{font-size:.8rem;padding:1px 6px}
    #tooltip{position:fixed;z-index:10;pointer-events:none;background:#1d1d1f;color:#fff;padding:6px 9px;border-radius:5px;font-size:.85rem;max-width:320px;box-shadow:0 2px 8px rgba(0,0,0,.25)}
    #tooltip b{display:block}
    .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.88rem;margin:.4rem 0}
    .legend span{white-space:nowrap}
    .swatch{display:inline-block;width:.95em;height:.95em;border:1px solid #4d4d4d;border-radius:50%;vertical-align:-.12em;margin-right:4px}
    .tick{display:inline-block;width:2px;height:1em;background:#000;vertical-align:-.15em;margin:0 6px 0 4px}
    .table-wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3rem 0 .6rem}
    caption{text-align:left;color:var(--muted);font-size:.85rem;padding:2px 0 4px}
    th,td{border-bottom:1px solid #e6e6ea;padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#f3f3f6;font-weight:600;white-space:nowrap}
    .js th{cursor:pointer}
    .js th[aria-sort=ascending]::after{content:" \\25B2";font-size:.7em}
    .js th[aria-sort=descending]::after{content:" \\25BC";font-size:.7em}
    td.num{text-align:right;font-variant-numeric:tabular-nums}
    tr[hidden]{display:none}
    .status{white-space:nowrap}
    .status i{margin-right:4px}
    .flag{display:inline-block;border:1px solid #b9b9c0;border-radius:4px;padding:0 4px;margin:0 2px 2px 0;font-size:.78rem;white-space:nowrap}
    .flag.strong{border-color:#D55E00;color:#8a3a00;font-weight:600}
    .gapmaps{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
    .gapmaps figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;background:#fff}
    .gapmaps svg{width:100%;height:auto;max-height:420px}
    figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}
    svg.chart{max-width:100%;height:auto;font-size:11px}
    svg.chart .grid{stroke:#e3e3e8;stroke-width:1}
    svg.chart .axis{fill:#8a8a90;font-size:10px}
    svg.chart .label{fill:#1d1d1f;font-size:12px}
    svg.chart .note{fill:#6f6f75;font-size:10px}
    svg.chart .value{fill:#1d1d1f;font-size:10px}
    svg.chart .prev{stroke:#000;stroke-width:2}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:8px 24px}
    .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px 24px}
    details summary{cursor:pointer;color:var(--accent);font-size:.9rem}
    dl.notes{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:.92rem}
    dl.notes dt{font-weight:600}
    dl.notes dd{margin:0}
    footer{color:var(--muted);font-size:.85rem;text-align:center;padding:10px}
    @media (max-width:900px){.map-layout{grid-template-columns:1fr}aside.panel{position:static}}
    @media print{
      html{background:#fff;font-size:11pt}
      header.top{border:0;padding:0 0 6pt}
      nav.toc,.controls,.needs-js,.filter,#tooltip,button,aside.panel{display:none!important}
      main{padding:0;max-width:none}
      section{border:0;border-radius:0;padding:0;margin:0 0 12pt;break-before:page}
      section#headline{break-before:avoid}
      .map-layout{display:block}
      .js .map-frame svg.netmap{height:auto;min-height:0;cursor:default}
      .map-frame{border:0}
      svg.netmap.focus-mode g.node,svg.netmap.focus-mode g.edge{opacity:1}
      table{font-size:9pt}
      tr,figure,svg.chart{break-inside:avoid}
      details>*{display:block}
      a{color:inherit;text-decoration:none}
    }
    """

    /// Sorting and filtering of tables; pan, zoom, tooltip, details panel, neighbourhood highlight
    /// and search on the map. Reads the data from `<script type="application/json" id="report-data">`
    /// and writes user text only through `textContent`.
    static let script = """
    (function () {
      "use strict";
      document.documentElement.classList.add("js");
      var each = function (list, f) { Array.prototype.forEach.call(list, f); };
      var data = {};
      var dataEl = document.getElementById("report-data");
      if (dataEl) { data = JSON.parse(dataEl.textContent); }

      // ---- Tables: click a heading to sort, type to filter.
      function key(td) {
        if (!td) { return ""; }
        var v = td.getAttribute("data-v");
        return v !== null ? parseFloat(v) : td.textContent.trim().toLowerCase();
      }
      function compare(x, y) {
        var nx = typeof x === "number", ny = typeof y === "number";
        if (nx && ny) { return x - y; }
        if (nx !== ny) { return nx ? -1 : 1; }
        return String(x).localeCompare(String(y));
      }
      each(document.querySelectorAll("table.sortable"), function (table) {
        if (!table.tHead || !table.tBodies.length) { return; }
        var ths = table.tHead.rows[0].cells;
        each(ths, function (th, i) {
          th.tabIndex = 0;
          th.setAttribute("aria-sort", "none");
          th.title = "Sort by " + th.textContent;
          var sort = function () {
            var asc = th.getAttribute("aria-sort") !== "ascending";
            each(ths, function (o) { o.setAttribute("aria-sort", "none"); });
            th.setAttribute("aria-sort", asc ? "ascending" : "descending");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) { var c = compare(key(a.cells[i]), key(b.cells[i])); return asc ? c : -c; });
            rows.forEach(function (r) { body.appendChild(r); });
          };
          th.addEventListener("click", sort);
          th.addEventListener("keydown", function (e) {
            if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
          });
        });
      });
      each(document.querySelectorAll("input[data-filter]"), function (input) {
        var id = input.getAttribute("data-filter");
        var table = document.getElementById(id);
        var counter = null;
        each(document.querySelectorAll("[data-count]"), function (c) { if (c.getAttribute("data-count") === id) { counter = c; } });
        if (!table || !table.tBodies.length) { return; }
        input.addEventListener("input", function () {
          var q = input.value.trim().toLowerCase(), shown = 0, rows = table.tBodies[0].rows;
          each(rows, function (r) {
            var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
            r.hidden = !ok;
            if (ok) { shown++; }
          });
          if (counter) { counter.textContent = q ? shown + " of " + rows.length + " rows" : ""; }
        });
      });

      // ---- The network map.
      var svg = document.querySelector("#map-frame svg.netmap");
      var map = data.map;
      if (!svg || !map || !map.experts) { return; }
      var experts = map.experts, links = map.links || [];
      var adj = experts.map(function () { return []; });
      links.forEach(function (l) {
        if (adj[l[0]] && adj[l[1]]) { adj[l[0]].push(l[1]); adj[l[1]].push(l[0]); }
      });
      var nodeEl = experts.map(function (e, k) { return document.getElementById("m" + k); });
      var edgeEl = links.map(function (l, k) { return document.getElementById("l" + k); });
      var edgesOf = experts.map(function () { return []; });
      links.forEach(function (l, k) { if (edgesOf[l[0]]) { edgesOf[l[0]].push(k); edgesOf[l[1]].push(k); } });
      // Graphviz's own tooltips (<title>, xlink:title) would double the floating one.
      each(svg.querySelectorAll("title"), function (t) { t.parentNode.removeChild(t); });
      each(svg.querySelectorAll("a"), function (a) {
        a.removeAttributeNS("http://www.w3.org/1999/xlink", "title");
        a.removeAttribute("xlink:title");
      });

      // Pan and zoom by rewriting the viewBox.
      var base = svg.viewBox.baseVal;
      var full = { x: base.x, y: base.y, w: base.width, h: base.height };
      var view = { x: full.x, y: full.y, w: full.w, h: full.h };
      function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
      function toMap(clientX, clientY) {
        var ctm = svg.getScreenCTM();
        if (!ctm) { return { x: view.x + view.w / 2, y: view.y + view.h / 2 }; }
        var p = svg.createSVGPoint();
        p.x = clientX; p.y = clientY;
        var q = p.matrixTransform(ctm.inverse());
        return { x: q.x, y: q.y };
      }
      function zoom(f, cx, cy) {
        var w = view.w / f, h = view.h / f;
        if (w < full.w / 60 || w > full.w * 3) { return; }
        view.x = cx - (cx - view.x) / f;
        view.y = cy - (cy - view.y) / f;
        view.w = w; view.h = h;
        apply();
      }
      function zoomCentre(f) { zoom(f, view.x + view.w / 2, view.y + view.h / 2); }
      function reset() { view = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); }
      svg.addEventListener("wheel", function (e) {
        e.preventDefault();
        var p = toMap(e.clientX, e.clientY);
        zoom(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
      }, { passive: false });
      var drag = null, moved = false;
      svg.addEventListener("pointerdown", function (e) {
        if (e.button !== 0) { return; }
        drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
        moved = false;
      });
      svg.addEventListener("pointermove", function (e) {
        if (!drag) { return; }
        var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
        if (!moved) { moved = true; svg.classList.add("dragging"); try { svg.setPointerCapture(e.pointerId); } catch (err) { /* synthetic events */ } }
        var r = svg.getBoundingClientRect();
        var s = Math.max(view.w / Math.max(1, r.width), view.h / Math.max(1, r.height));
        view.x = drag.vx - dx * s;
        view.y = drag.vy - dy * s;
        apply();
      });
      function endDrag() { drag = null; svg.classList.remove("dragging"); }
      svg.addEventListener("pointerup", endDrag);
      svg.addEventListener("pointercancel", endDrag);
      function on(id, f) { var b = document.getElementById(id); if (b) { b.addEventListener("click", f); } }
      on("zoom-in", function () { zoomCentre(1.4); });
      on("zoom-out", function () { zoomCentre(1 / 1.4); });
      on("zoom-reset", function () { reset(); clear(); });
      window.addEventListener("beforeprint", reset);

      // Tooltip.
      var tip = document.getElementById("tooltip");
      function indexOf(target) {
        var g = target && target.closest ? target.closest("g.node") : null;
        if (!g || !svg.contains(g) || g.id.charAt(0) !== "m") { return -1; }
        var k = parseInt(g.id.slice(1), 10);
        return k >= 0 && k < experts.length ? k : -1;
      }
      function line(parent, text, bold) {
        var el = document.createElement(bold ? "b" : "div");
        el.textContent = text;
        parent.appendChild(el);
      }
      svg.addEventListener("mousemove", function (e) {
        if (!tip) { return; }
        var k = indexOf(e.target);
        if (k < 0 || drag && moved) { tip.hidden = true; return; }
        var x = experts[k];
        if (tip.getAttribute("data-k") !== String(k)) {
          tip.textContent = "";
          line(tip, x.name, true);
          if (x.inst) { line(tip, x.inst); }
          line(tip, "tier " + x.tier + " · influence " + x.infl.toFixed(3));
          line(tip, x.status + " · " + x.actual + " interaction" + (x.actual === 1 ? "" : "s") + " in " + data.quarter);
          tip.setAttribute("data-k", String(k));
        }
        tip.hidden = false;
        var left = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
        var top = Math.min(e.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
        tip.style.left = left + "px";
        tip.style.top = top + "px";
      });
      svg.addEventListener("mouseleave", function () { if (tip) { tip.hidden = true; } });

      // Click: details and neighbourhood.
      var panel = document.getElementById("details");
      var selected = -1;
      function mark(list, cls, on) { list.forEach(function (el) { if (el) { el.classList.toggle(cls, on); } }); }
      function clear() {
        svg.classList.remove("focus-mode");
        each(svg.querySelectorAll(".hl,.sel,.found"), function (el) { el.classList.remove("hl", "sel", "found"); });
        selected = -1;
        // The search's "Found …" describes the selection: it goes with it (Reset view, Escape, a click
        // beside the experts). `status` is declared below; it is undefined during the first clear().
        if (status) { status.textContent = ""; }
        if (panel) {
          panel.textContent = "";
          var h = document.createElement("h3"); h.textContent = "Expert details"; panel.appendChild(h);
          line(panel, "Click an expert on the map, or search by name or id, to see their details and referral neighbourhood.");
        }
      }
      function row(dl, k, v) {
        var dt = document.createElement("dt"); dt.textContent = k; dl.appendChild(dt);
        var dd = document.createElement("dd"); dd.textContent = v; dl.appendChild(dd);
      }
      function select(k) {
        clear();
        selected = k;
        svg.classList.add("focus-mode");
        mark([nodeEl[k]], "sel", true);
        mark(adj[k].map(function (j) { return nodeEl[j]; }), "hl", true);
        mark(edgesOf[k].map(function (j) { return edgeEl[j]; }), "hl", true);
        if (!panel) { return; }
        var x = experts[k];
        panel.textContent = "";
        var h = document.createElement("h3"); h.textContent = x.name; panel.appendChild(h);
        var dl = document.createElement("dl");
        row(dl, "id", x.id);
        row(dl, "institution", x.inst || "–");
        if (x.specialty) { row(dl, "specialty", x.specialty); }
        if (x.region) { row(dl, "region", x.region); }
        row(dl, "tier", String(x.tier));
        row(dl, "influence", x.infl.toFixed(3) + " (rank " + x.rank + ")");
        row(dl, "coverage", x.status);
        row(dl, "interactions " + data.quarter, x.actual + (x.expected > 0 ? " of " + x.expected + " expected" : ""));
        row(dl, "last interaction", x.last || "never");
        row(dl, "liaison", x.liaison || "–");
        var seen = {};
        var linked = adj[k].filter(function (j) { if (seen[j]) { return false; } seen[j] = true; return true; })
          .sort(function (a, b) { return a - b; });
        row(dl, "linked experts", linked.length + " on the map" + (linked.length > 12 ? " (the 12 most influential below)" : ""));
        panel.appendChild(dl);
        var nb = linked.slice(0, 12);
        if (nb.length) {
          var box = document.createElement("div"); box.className = "nb";
          nb.forEach(function (j) {
            var b = document.createElement("button");
            b.type = "button";
            b.textContent = experts[j].name;
            b.title = experts[j].status;
            b.addEventListener("click", function () { select(j); });
            box.appendChild(b);
          });
          panel.appendChild(box);
        }
      }
      svg.addEventListener("click", function (e) {
        if (moved) { moved = false; return; }
        var k = indexOf(e.target);
        if (k >= 0) { select(k); } else if (selected >= 0) { clear(); }
      });
      document.addEventListener("keydown", function (e) { if (e.key === "Escape" && selected >= 0) { clear(); } });
      clear();

      // Search by name or id.
      var form = document.getElementById("map-search");
      var input = document.getElementById("search-input");
      var status = document.getElementById("search-status");
      function focusOn(k) {
        var el = nodeEl[k];
        select(k);
        if (!el) { return; }
        el.classList.add("found");
        var b = el.getBBox();
        var m = svg.getScreenCTM() && el.getScreenCTM() ? svg.getScreenCTM().inverse().multiply(el.getScreenCTM()) : null;
        var p = svg.createSVGPoint();
        p.x = b.x + b.width / 2; p.y = b.y + b.height / 2;
        if (m) { p = p.matrixTransform(m); }
        var w = Math.min(full.w, Math.max(full.w / 3, 300)), h = w * full.h / full.w;
        view = { x: p.x - w / 2, y: p.y - h / 2, w: w, h: h };
        apply();
      }
      function find(q) {
        q = q.trim().toLowerCase();
        if (!q) { return -1; }
        var exact = -1, partial = -1;
        experts.forEach(function (x, k) {
          var id = x.id.toLowerCase(), name = x.name.toLowerCase();
          if (exact < 0 && (id === q || name === q || (name + " (" + id + ")") === q)) { exact = k; }
          if (partial < 0 && (name.indexOf(q) >= 0 || id.indexOf(q) >= 0)) { partial = k; }
        });
        return exact >= 0 ? exact : partial;
      }
      if (form && input) {
        form.addEventListener("submit", function (e) {
          e.preventDefault();
          var k = find(input.value);
          if (k >= 0) {
            focusOn(k);
            if (status) { status.textContent = "Found " + experts[k].name + " (" + experts[k].id + ")."; }
          } else if (status) {
            status.textContent = input.value.trim() ? "No expert on the map matches \\u201c" + input.value.trim() + "\\u201d." : "";
          }
        });
      }
    })();
    """
}
