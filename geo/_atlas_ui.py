"""The atlas controls, drawn in the browser and shared by every renderer: the time slider,
the per-corridor status timeline chart, filters by mode, status and country, the search
box, the legend (status colours, line width by articles) and the view state in the URL hash.

The controls know nothing about the map library. They talk to the renderer only through
``window.CorridorAtlas`` (see ``contract15``)::

    CorridorAtlas.setDate(iso_or_null)     // null: all dates
    CorridorAtlas.setFilter({modes, statuses, countries, query})   // null or [] = no filter
    CorridorAtlas.corridors()              // the page data: {t, m, n, c, h, ...} per corridor

and optionally ``CorridorAtlas.places()`` (names for the search list) and
``CorridorAtlas.focus(query)`` (zoom to the first match) and ``CorridorAtlas.shown()`` (how
many corridors are drawn, for the count). A renderer mounts the controls with
``CorridorAtlasUI.mount(element, {title})`` and may use the helpers the controls use, so
that both renderers agree: ``statusAt(h, date)``, ``color(status)``, ``width(n)`` and
``timeline(corridor, date)`` (the chart for a popup, as a DOM element).

Everything that comes from an article is set with ``textContent`` (HTML and SVG alike).
"""

from __future__ import annotations

#: Colour of each status on the atlas (and "not stated"), in the order of a corridor's life.
STATUS_COLOR = {"proposed": "#8e63c7", "planned": "#2f6fd0", "under_construction": "#e07b00",
                "test_run": "#16a0a0", "operational": "#23883a", "suspended": "#d42a2a",
                "none": "#7a7a7a"}

CSS = """
.ca-atlas{box-sizing:border-box;width:min(360px,calc(100vw - 64px));background:rgba(255,255,255,.96);
  border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.35);padding:7px 10px 8px;
  font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}
.ca-atlas *{box-sizing:border-box}
.ca-atlas h1{font-size:14px;line-height:1.25;margin:0 0 4px;font-weight:600}
.ca-atlas .ca-daterow{display:flex;align-items:baseline;justify-content:space-between;gap:6px}
.ca-atlas .ca-date{font-size:16px;font-weight:700}
.ca-atlas .ca-count{color:#555;font-size:11px;text-align:right}
.ca-atlas input[type=range]{width:100%;margin:4px 0 0;accent-color:#2f6fd0}
.ca-atlas .ca-ends{display:flex;justify-content:space-between;font-size:10px;color:#666}
.ca-atlas .ca-search{width:100%;margin:5px 0 2px;padding:4px 6px;font:inherit;border:1px solid #bbb;border-radius:4px}
.ca-atlas details{margin-top:4px}
.ca-atlas summary{cursor:pointer;font-weight:600}
.ca-atlas fieldset{border:0;margin:3px 0 0;padding:0}
.ca-atlas legend{font-weight:600;font-size:11px;color:#444;padding:0}
.ca-atlas label{display:inline-flex;align-items:center;gap:3px;margin:1px 8px 1px 0;white-space:nowrap}
.ca-atlas .ca-countries{max-height:86px;overflow:auto}
.ca-atlas .ca-sw{display:inline-block;width:22px;height:0;border-top:4px solid;vertical-align:middle;margin-right:4px}
.ca-atlas .ca-key{display:flex;flex-wrap:wrap;gap:1px 10px}
.ca-atlas .ca-reset{font:inherit;font-size:11px;margin-top:4px}
.ca-atlas .ca-note{color:#555;font-size:11px;margin-top:3px}
.ca-tl{font:11px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin-top:6px}
.ca-tl svg{display:block;overflow:visible}
.ca-tl ol{margin:4px 0 0;padding-left:16px;max-height:150px;overflow:auto}
.ca-tl li{margin:1px 0}
.ca-tl .ca-st{font-weight:600}
.ca-tl .ca-art{color:#555;word-break:break-all}
.ca-tl .ca-q{margin:1px 0 3px;padding-left:5px;border-left:2px solid #ccc;font-style:italic;color:#333}
"""

JS = r"""
(function () {
  "use strict";
  var ORDER = ["proposed", "planned", "under_construction", "test_run", "operational", "suspended"];
  var COLOR = __COLORS__;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var SVG = "http://www.w3.org/2000/svg";

  function words(s) { return s ? String(s).replace(/_/g, " ") : "status not stated"; }
  function color(status) { return COLOR[status] || COLOR.none; }
  function width(n) { return Math.round((2.5 + 1.6 * Math.log2(Math.max(1, n || 1))) * 10) / 10; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  // Status as of date d (ISO "YYYY-MM-DD", or null for all dates): the latest dated status
  // on or before d; with no dated status by then the corridor is hidden. Under all dates the
  // latest dated status, else the latest undated one. h is sorted by date, undated last.
  function statusAt(h, d) {
    var last = null, undated = null;
    for (var i = 0; i < (h || []).length; i++) {
      var e = h[i];
      if (e[0] === null || e[0] === undefined) { undated = e; continue; }
      if (d === null || d === undefined || e[0] <= d) { last = e; }
    }
    if (last) { return {visible: true, status: last[1], entry: last}; }
    if ((d === null || d === undefined) && undated) { return {visible: true, status: undated[1], entry: undated}; }
    return {visible: false, status: null, entry: null};
  }

  // Months "YYYY-MM" of the slider: from the first to the last dated entry of any corridor.
  function monthsOf(list) {
    var lo = null, hi = null;
    list.forEach(function (c) { (c.h || []).forEach(function (e) {
      if (!e[0]) { return; }
      var m = e[0].slice(0, 7);
      if (lo === null || m < lo) { lo = m; }
      if (hi === null || m > hi) { hi = m; }
    }); });
    var out = [];
    if (lo === null) { return out; }
    var y = +lo.slice(0, 4), mo = +lo.slice(5, 7);
    while (true) {
      var key = y + "-" + (mo < 10 ? "0" : "") + mo;
      out.push(key);
      if (key >= hi || out.length > 1200) { break; }
      mo += 1; if (mo > 12) { mo = 1; y += 1; }
    }
    return out;
  }
  function monthEnd(m) {  // "2023-05" -> "2023-05-31": the map shows the state at the month's end
    var y = +m.slice(0, 4), mo = +m.slice(5, 7), days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return m + "-" + (days < 10 ? "0" : "") + days;
  }
  function monthName(m) { return MONTHS[+m.slice(5, 7) - 1] + " " + m.slice(0, 4); }
  function dayNum(iso) {  // days since 1970 of "YYYY-MM-DD" (or "YYYY-MM", "YYYY")
    var p = String(iso).split("-");
    return Date.UTC(+p[0], (+(p[1] || 1)) - 1, +(p[2] || 1)) / 864e5;
  }

  // ------------------------------------------------------------------ timeline chart
  // The status of one corridor through time: a band coloured by status from each change to
  // the next, a dot per article, the chosen date as a line; below it the changes, each with
  // the articles behind it.
  function timeline(c, date, range) {
    var h = c.h || [], q = c.q || [], box = el("div", "ca-tl");
    var dated = h.filter(function (e) { return e[0]; });
    var undated = h.filter(function (e) { return !e[0]; });
    if (dated.length) {
      var W = 300, H = 46, x0 = 6, x1 = W - 6;
      var lo = dayNum(range && range[0] ? range[0] + "-01" : dated[0][0]);
      var hi = dayNum(range && range[1] ? monthEnd(range[1]) : dated[dated.length - 1][0]);
      lo = Math.min(lo, dayNum(dated[0][0])); hi = Math.max(hi, dayNum(dated[dated.length - 1][0]), lo + 30);
      var X = function (iso) { return x0 + (x1 - x0) * (dayNum(iso) - lo) / (hi - lo); };
      var s = svg("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img"});
      s.appendChild(svg("title", {}, "Status of " + c.t + " through time"));
      s.appendChild(svg("rect", {x: x0, y: 10, width: x1 - x0, height: 12, fill: "#eee"}));
      for (var i = 0; i < dated.length; i++) {
        var a = X(dated[i][0]), b = i + 1 < dated.length ? X(dated[i + 1][0]) : x1;
        s.appendChild(svg("rect", {x: a, y: 10, width: Math.max(1, b - a), height: 12, fill: color(dated[i][1]),
                                   "class": "ca-seg", "data-status": dated[i][1] || "none"}));
      }
      dated.forEach(function (e) { s.appendChild(svg("circle", {cx: X(e[0]), cy: 16, r: 2.6, fill: "#fff", stroke: "#222", "stroke-width": 1})); });
      var y0 = new Date(lo * 864e5).getUTCFullYear();
      if (X(y0 + "-01-01") < x0 - 1) { y0 += 1; }
      var yEnd = new Date(hi * 864e5).getUTCFullYear(), step = Math.max(1, Math.ceil((yEnd - y0 + 1) / 7));
      for (var y = y0; y <= yEnd; y += step) {
        var xx = X(y + "-01-01");
        if (xx < x0 - 1 || xx > x1 + 1) { continue; }
        s.appendChild(svg("line", {x1: xx, x2: xx, y1: 22, y2: 26, stroke: "#888"}));
        s.appendChild(svg("text", {x: xx, y: 36, "text-anchor": "middle", fill: "#555", "font-size": 10}, y));
      }
      if (date) {
        var xd = Math.min(x1, Math.max(x0, X(date)));
        // what the articles said after the chosen date, faded
        if (xd < x1) { s.appendChild(svg("rect", {x: xd, y: 9, width: x1 - xd, height: 14, fill: "#fff", "fill-opacity": 0.6})); }
        s.appendChild(svg("line", {x1: xd, x2: xd, y1: 4, y2: 28, stroke: "#111", "stroke-width": 1.5, "class": "ca-now"}));
      }
      box.appendChild(s);
    }
    var list = el("ol");
    var prev;
    h.forEach(function (e, i) {
      var change = i === 0 || e[1] !== h[i - 1][1] || (!e[0] && h[i - 1][0]);
      if (change) {
        prev = el("li");
        prev.appendChild(el("span", "", (e[0] || "undated") + " "));
        var st = el("span", "ca-st", words(e[1])); st.style.color = color(e[1]);
        prev.appendChild(st);
        list.appendChild(prev);
      }
      var art = el("div", "ca-art", (change ? "" : (e[0] || "undated") + " · ") + "article: " + (e[2] || "?"));
      prev.appendChild(art);
      if (change && q[i]) { prev.appendChild(el("div", "ca-q", q[i])); }
    });
    if (!h.length) { list.appendChild(el("li", "", "no dated mention")); }
    box.appendChild(list);
    if (undated.length && dated.length) { box.appendChild(el("div", "ca-note", "Undated articles count only under “all dates”.")); }
    return box;
  }

  // ------------------------------------------------------------------ URL hash state
  function readHash() {
    var out = {}, s = (location.hash || "").replace(/^#/, "");
    s.split("&").forEach(function (kv) {
      if (!kv) { return; }
      var i = kv.indexOf("="), k = i < 0 ? kv : kv.slice(0, i), v = i < 0 ? "" : kv.slice(i + 1);
      try { out[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, " ")); } catch (e) { /* a broken hash is ignored */ }
    });
    return out;
  }
  function writeHash(state) {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      if (state[k] !== null && state[k] !== undefined && state[k] !== "") {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(state[k]).replace(/%2C/g, ","));
      }
    });
    var h = parts.length ? "#" + parts.join("&") : "";
    if (h !== location.hash && !(h === "" && !location.hash)) {
      try { history.replaceState(null, "", h || location.pathname + location.search); }
      catch (e) { /* a page shown where its URL cannot change (a notebook's srcdoc frame) */ }
    }
  }

  // ------------------------------------------------------------------ the panel
  function mount(host, opts) {
    opts = opts || {};
    var api = window.CorridorAtlas, list = api.corridors(), months = monthsOf(list);
    var panel = el("div", "ca-atlas");
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Atlas controls");
    if (opts.title) { panel.appendChild(el("h1", "", opts.title)); }

    var row = el("div", "ca-daterow"), dateOut = el("div", "ca-date"), count = el("div", "ca-count");
    dateOut.setAttribute("aria-live", "polite");
    row.appendChild(dateOut); row.appendChild(count); panel.appendChild(row);
    var slider = el("input");
    slider.type = "range"; slider.min = 0; slider.max = months.length; slider.step = 1;
    slider.value = months.length;
    slider.setAttribute("aria-label", "Date: status of each corridor as of the end of the month");
    slider.className = "ca-slider";
    panel.appendChild(slider);
    var ends = el("div", "ca-ends");
    ends.appendChild(el("span", "", months.length ? monthName(months[0]) : ""));
    ends.appendChild(el("span", "", "all dates"));
    panel.appendChild(ends);
    if (!months.length) { slider.disabled = true; }
    if (!list.length) { panel.appendChild(el("div", "ca-note ca-empty", "This corpus has no corridor with a line to draw.")); }

    var search = el("input", "ca-search");
    search.type = "search"; search.placeholder = "Search a corridor or place";
    search.setAttribute("aria-label", "Search a corridor or place");
    var dl = el("datalist"); dl.id = "ca-names-" + Math.random().toString(36).slice(2);
    // the suggestions are filled when the box is first used: with 100,000 corridors
    // sorting their names would hold up the map's first frame
    var named = false;
    function fillNames() {
      if (named) { return; }
      named = true;
      var names = {};
      list.forEach(function (c) { names[c.t] = 1; (c.e || []).forEach(function (n) { names[n] = 1; }); });
      (api.places ? api.places() : []).forEach(function (p) { names[typeof p === "string" ? p : p.t] = 1; });  // deck.gl: names; Leaflet: records
      Object.keys(names).sort().slice(0, 5000).forEach(function (n) { var o = el("option"); o.value = n; dl.appendChild(o); });
    }
    ["focus", "input", "pointerdown"].forEach(function (ev) { search.addEventListener(ev, fillNames); });
    search.setAttribute("list", dl.id);
    panel.appendChild(search); panel.appendChild(dl);

    // Filters: one checkbox per value present in the data, all ticked = no filter.
    var filters = el("details", "ca-filters");
    filters.appendChild(el("summary", "", "Filters"));
    function group(title, values, label, cls) {
      var fs = el("fieldset", cls);
      fs.appendChild(el("legend", "", title));
      var boxes = values.map(function (v) {
        var lab = el("label"), cb = el("input");
        cb.type = "checkbox"; cb.checked = true; cb.value = v[0];
        lab.appendChild(cb);
        if (v[2]) { var sw = el("span", "ca-sw"); sw.style.borderColor = v[2]; lab.appendChild(sw); }
        lab.appendChild(document.createTextNode(label(v[0]) + " (" + v[1] + ")"));
        fs.appendChild(lab);
        return cb;
      });
      filters.appendChild(fs);
      return boxes;
    }
    function tally(key) {
      var n = {};
      list.forEach(function (c) { [].concat(key(c)).forEach(function (v) { n[v] = (n[v] || 0) + 1; }); });
      return n;
    }
    var modeN = tally(function (c) { return c.m; });
    var statusN = tally(function (c) { return (c.h || []).map(function (e) { return e[1] || "none"; }).filter(function (v, i, a) { return a.indexOf(v) === i; }); });
    var countryN = tally(function (c) { return (c.c || []).filter(function (v, i, a) { return a.indexOf(v) === i; }); });
    var modeBoxes = group("Mode", Object.keys(modeN).sort().map(function (k) { return [k, modeN[k]]; }),
                          function (v) { return v; }, "ca-f-mode");
    // (the status filter applies to the status on the chosen date; the counts say how many
    // corridors ever had it)
    var statusBoxes = group("Status on the chosen date (corridors ever)", ORDER.concat(["none"]).filter(function (k) { return statusN[k]; })
                            .map(function (k) { return [k, statusN[k], color(k)]; }),
                            function (v) { return v === "none" ? "not stated" : words(v); }, "ca-f-status");
    var countryBoxes = group("Country", Object.keys(countryN).sort().map(function (k) { return [k, countryN[k]]; }),
                             function (v) { return v; }, "ca-f-country ca-countries");
    var reset = el("button", "ca-reset", "Show all");
    reset.type = "button";
    filters.appendChild(reset);
    panel.appendChild(filters);

    // Legend: status colours and the width scale of what is on the page.
    var legend = el("details", "ca-legend-atlas");
    legend.appendChild(el("summary", "", "Legend"));
    var key = el("div", "ca-key");
    ORDER.concat(["none"]).filter(function (k) { return statusN[k]; }).forEach(function (k) {
      var s = el("span"), sw = el("span", "ca-sw"); sw.style.borderColor = color(k);
      s.appendChild(sw); s.appendChild(document.createTextNode(k === "none" ? "not stated" : words(k)));
      key.appendChild(s);
    });
    legend.appendChild(key);
    var most = list.reduce(function (a, c) { return Math.max(a, c.n || 1); }, 1);
    var wkey = el("div", "ca-key");
    wkey.appendChild(el("span", "", "Line width: articles"));
    [1, Math.round(Math.sqrt(most)), most].filter(function (v, i, a) { return a.indexOf(v) === i; }).forEach(function (n) {
      var s = el("span"), sw = el("span", "ca-sw");
      sw.style.borderTopWidth = width(n) + "px"; sw.style.borderColor = "#555";
      s.appendChild(sw); s.appendChild(document.createTextNode(String(n)));
      wkey.appendChild(s);
    });
    legend.appendChild(wkey);
    if (opts.legendNote) { legend.appendChild(el("div", "ca-note", opts.legendNote)); }
    if (window.innerWidth >= 700) { legend.open = true; }
    if (list.length) { panel.appendChild(legend); }
    host.appendChild(panel);

    function picked(boxes) {
      var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return on.length === boxes.length ? null : on;
    }
    function setPicked(boxes, csv) {
      if (csv === undefined || csv === null) { boxes.forEach(function (b) { b.checked = true; }); return; }
      var want = csv.split(",");
      boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
    function currentDate() {
      var i = +slider.value;
      return i >= months.length ? null : monthEnd(months[i]);
    }
    function apply() {
      var i = +slider.value, d = currentDate();
      var label = d === null ? "All dates" : "As of " + monthName(months[i]);
      dateOut.textContent = label;
      slider.setAttribute("aria-valuetext", d === null ? "all dates" : monthName(months[i]));
      var f = {modes: picked(modeBoxes), statuses: picked(statusBoxes), countries: picked(countryBoxes),
               query: search.value.trim() || null};
      api.setDate(d);
      api.setFilter(f);
      count.textContent = (api.shown ? api.shown() + " of " : "") + list.length + " corridors";
      writeHash({d: d === null ? null : months[i], m: f.modes && f.modes.join(","),
                 s: f.statuses && f.statuses.join(","), c: f.countries && f.countries.join(","),
                 q: f.query});
    }
    function fromHash() {
      var st = readHash();
      if (!location.hash && opts.start) { st.d = opts.start; }
      var i = st.d ? months.indexOf(st.d.slice(0, 7)) : -1;
      if (st.d && i < 0 && months.length) {  // a month outside the data: the nearest end
        i = st.d < months[0] ? 0 : months.length - 1;
      }
      slider.value = i >= 0 ? i : months.length;
      setPicked(modeBoxes, st.m); setPicked(statusBoxes, st.s); setPicked(countryBoxes, st.c);
      search.value = st.q || "";
      if (st.m || st.s || st.c) { filters.open = true; }
      apply();
    }
    slider.addEventListener("input", apply);
    search.addEventListener("input", apply);
    search.addEventListener("change", function () { if (api.focus && search.value.trim()) { api.focus(search.value.trim()); } });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter" && api.focus && search.value.trim()) { api.focus(search.value.trim()); } });
    filters.addEventListener("change", apply);
    reset.addEventListener("click", function () { setPicked(modeBoxes); setPicked(statusBoxes); setPicked(countryBoxes); search.value = ""; apply(); });
    window.addEventListener("hashchange", fromHash);
    ["keydown", "wheel", "mousedown", "dblclick", "touchstart", "pointerdown"].forEach(function (ev) {
      panel.addEventListener(ev, function (e) { e.stopPropagation(); });  // the map must not pan or zoom
    });
    fromHash();
    return {panel: panel, slider: slider, months: months, apply: apply, date: currentDate,
            range: [months[0] || null, months[months.length - 1] || null]};
  }

  window.CorridorAtlasUI = {mount: mount, timeline: timeline, statusAt: statusAt, color: color,
                            width: width, words: words, monthsOf: monthsOf, monthEnd: monthEnd,
                            STATUS: ORDER};
})();
"""


def ui_js() -> str:
    """The controls' script (defines ``window.CorridorAtlasUI``), with our status colours."""
    import json

    return JS.replace("__COLORS__", json.dumps(STATUS_COLOR))
