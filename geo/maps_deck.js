// Corridor Atlas: the deck.gl page (see geo/maps_deck.py). Article text is set with
// textContent only; nothing is fetched.
(function () {
  "use strict";
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById("ca-data").textContent);
  var FIG = window.CA_FIGURE || null;
  var N = D.count;
  var UNBUILT = {proposed: 1, planned: 1, under_construction: 1};

  function col(c) {
    if (!c) { return []; }
    if (c.v) { return c.v; }
    var out = new Array(c.i.length);
    for (var k = 0; k < c.i.length; k++) { out[k] = c.d[c.i[k]]; }
    return out;
  }
  function bytes(b64) {
    var s = atob(b64), n = s.length, u = new Uint8Array(n);
    for (var i = 0; i < n; i++) { u[i] = s.charCodeAt(i); }
    return u.buffer;
  }
  function hex(c, a) {
    return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16), a];
  }

  var T = col(D.cols.t), M = col(D.cols.m), NA = col(D.cols.n), C = col(D.cols.c),
      H = col(D.cols.h), S0 = col(D.cols.s);
  var api = {renderer: "deck", frames: 0, firstFrame: null, times: {script: t0}};
  var P = {};
  Object.keys(D.popup).forEach(function (k) { P[k] = col(D.popup[k]); });

  // --- geometry: Int32 first point + Int16 steps, thousandths of a degree
  var L = D.lines, first = new Int32Array(bytes(L.first)), step = new Int16Array(bytes(L.step)),
      len = new Uint32Array(bytes(L.len)), owner = new Uint32Array(bytes(L.owner));
  var nLines = len.length, total = 0;
  for (var i = 0; i < nLines; i++) { total += len[i]; }
  var pos = new Float32Array(total * 2), starts = new Uint32Array(nLines + 1);
  var sc = 1 / L.scale, at = 0, si = 0;
  for (i = 0; i < nLines; i++) {
    starts[i] = at;
    var x = first[2 * i], y = first[2 * i + 1];
    pos[2 * at] = x * sc; pos[2 * at + 1] = y * sc; at++;
    for (var j = 1; j < len[i]; j++) {
      x += step[2 * si]; y += step[2 * si + 1]; si++;
      pos[2 * at] = x * sc; pos[2 * at + 1] = y * sc; at++;
    }
  }
  starts[nLines] = at;
  var paths = new Array(nLines);
  for (i = 0; i < nLines; i++) {
    paths[i] = {path: pos.subarray(2 * starts[i], 2 * starts[i + 1]), i: owner[i]};
  }

  api.times.decoded = performance.now();

  // --- state: status as of the date, filters
  var state = {date: null, modes: null, statuses: null, countries: null, query: ""};
  var status = new Array(N), shown = new Uint8Array(N), version = 0, shownCount = 0;
  function statusAt(h, d, k) {
    if (d === null) { return S0[k] || (h.length ? h[h.length - 1][1] : null); }
    var s;  // latest dated status on or before d; undefined when none (hidden)
    for (var m = 0; m < h.length; m++) {
      var e = h[m];
      if (e[0] !== null && e[0] <= d) { s = e[1]; }
    }
    return s;
  }
  function asSet(v) {
    if (!v || !v.length) { return null; }
    var o = {}; v.forEach(function (x) { o[x] = 1; }); return o;
  }
  function recompute() {
    var d = state.date, q = (state.query || "").toLowerCase(), count = 0;
    for (var k = 0; k < N; k++) {
      var s = statusAt(H[k], d, k);
      status[k] = s === undefined ? null : s;
      var ok = s !== undefined;
      if (ok && state.modes) { ok = !!state.modes[M[k]]; }
      if (ok && state.statuses) { ok = !!state.statuses[s || ""]; }
      if (ok && state.countries) {
        ok = C[k].some(function (c) { return state.countries[c]; });
      }
      if (ok && q) { ok = String(T[k]).toLowerCase().indexOf(q) >= 0; }
      shown[k] = ok ? 1 : 0;
      count += shown[k];
    }
    version++;
    shownCount = count;
  }

  var COLORS = {};
  Object.keys(D.modes).forEach(function (m) { COLORS[m] = D.modes[m].color; });
  // With the shared atlas controls, lines take their status colours and widths (the
  // controls' legend explains them); without, mode colours, unbuilt lines fainter.
  var UI = window.CorridorAtlasUI && !FIG ? window.CorridorAtlasUI : null;
  function lineColor(o) {
    var k = o.i, s = status[k];
    if (UI) { return hex(UI.color(s || "none"), 215); }
    return hex(COLORS[M[k]] || "#444", s && UNBUILT[s] ? 110 : 205);
  }
  function lineWidth(o) {
    var k = o.i, w = UI ? UI.width(NA[k]) : 2.4 + 1.6 * Math.log2(Math.max(1, NA[k]));
    return status[k] && UNBUILT[status[k]] ? w * 0.75 : w;
  }

  // --- popups, from text only
  var popupEl = document.getElementById("ca-popup");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function line(parent, text) { parent.appendChild(el("br")); parent.appendChild(document.createTextNode(text)); }
  function showPopup(nodes, x, y) {
    popupEl.textContent = "";
    var close = el("button", "\u00d7", "ca-close");
    close.setAttribute("aria-label", "Close");
    close.onclick = function () { popupEl.hidden = true; };
    popupEl.appendChild(close);
    nodes.forEach(function (n) { popupEl.appendChild(n); });
    popupEl.hidden = false;
    var w = window.innerWidth, h = window.innerHeight, r = popupEl.getBoundingClientRect();
    popupEl.style.left = Math.max(5, Math.min(x + 12, w - r.width - 5)) + "px";
    popupEl.style.top = Math.max(5, Math.min(y + 12, h - r.height - 5)) + "px";
  }
  function corridorPopup(k) {
    var d = el("div"), p = function (f) { return P[f] ? P[f][k] : null; };
    d.appendChild(el("b", String(T[k])));
    var s = status[k];
    line(d, "Mode: " + M[k] + (s ? " \u00b7 Status: " + String(s).replace(/_/g, " ") : ""));
    if (p("st")) { line(d, "Stops: " + p("st") + (p("nd") ? " (via " + p("nd") + ")" : "")); }
    if (p("km")) { line(d, "Length: " + p("km")); }
    if (p("via")) { line(d, "Countries crossed: " + p("via")); }
    if (p("g")) { line(d, "Line: " + p("g") + (D.made[p("g")] ? " \u2014 " + D.made[p("g")] : "")); }
    if (p("nt")) { line(d, p("nt")); }
    if (p("a")) { line(d, "Article: " + p("a")); }
    if (p("src")) { line(d, "Source: " + p("src") + (NA[k] > 1 ? " (" + NA[k] + " articles)" : "")); }
    var h = H[k];
    if (h.length > 1) {
      line(d, "Status history:");
      h.forEach(function (e) {
        line(d, (e[0] || "undated") + ": " + String(e[1] || "not stated").replace(/_/g, " ") +
             (e[2] ? " (" + e[2] + ")" : ""));
      });
    }
    var nodes = [d];
    if (p("q")) { nodes.push(el("blockquote", p("q"), "ca-quote")); }
    if (UI && UI.timeline) {
      nodes.push(UI.timeline({t: T[k], m: M[k], n: NA[k], c: C[k], h: h}, state.date));
    }
    return nodes;
  }
  function placePopup(o) {
    var d = el("div");
    d.appendChild(el("b", o.h));
    line(d, o.x);
    var nodes = [d];
    if (o.q) { nodes.push(el("blockquote", o.q, "ca-quote")); }
    return nodes;
  }

  // --- the view: fit the bounds, leaving room for the title and legend
  var mapEl = document.getElementById("ca-map");
  function fitted() {
    var b = D.bounds, w = mapEl.clientWidth || window.innerWidth, h = mapEl.clientHeight || window.innerHeight;
    var vp = new deck.WebMercatorViewport({width: w, height: h});
    var s = Math.max(-80, b[0][0]), n = Math.min(84, b[1][0]), west = b[0][1], east = b[1][1];
    if (east - west > 360) { west = -180; east = 180; }
    b = [[s, west], [n, east]];
    var pad = Math.min(40, Math.floor(Math.min(w, h) / 8));
    // room for the title and (on a wide screen) the open legend, so they cover no line
    var tEl = document.getElementById("ca-title"), lEl = document.getElementById("ca-legend");
    var top = pad + (tEl && !tEl.hidden ? tEl.offsetHeight : 0), right = pad, left = pad;
    var host = document.querySelector(".ca-atlas-host");
    if (host) {  // the atlas controls: beside the data on a wide screen, above it otherwise
      var r = host.getBoundingClientRect();
      if (r.width < 0.4 * w) { left = r.right + 14; } else { top = r.bottom + 14; }
    }
    if (lEl && lEl.open && w > 700) { right = Math.min(w / 3, lEl.offsetWidth + 20); }
    var f = vp.fitBounds([[b[0][1], b[0][0]], [b[1][1], b[1][0]]],
                         {padding: {top: top, bottom: pad + 16, left: left, right: right}});
    return {longitude: f.longitude, latitude: f.latitude, zoom: Math.max(0, f.zoom), pitch: 0, bearing: 0};
  }

  var frames = 0, drawn = false;
  var filterExt = new deck.DataFilterExtension({filterSize: 1});
  function layers() {
    return [
      new deck.GeoJsonLayer({id: "basemap", data: D.basemap, filled: true, stroked: true,
        getFillColor: [242, 239, 233, 255], getLineColor: [154, 154, 154, 255],
        lineWidthUnits: "pixels", getLineWidth: 0.6, pickable: false}),
      new deck.PathLayer({id: "corridors", data: paths, getPath: function (o) { return o.path; },
        positionFormat: "XY", widthUnits: "pixels", getWidth: lineWidth, getColor: lineColor,
        capRounded: true, jointRounded: false, pickable: true, autoHighlight: true,
        highlightColor: [255, 200, 0, 220],
        extensions: [filterExt], getFilterValue: function (o) { return shown[o.i]; },
        filterRange: [1, 1],
        updateTriggers: {getColor: version, getWidth: version, getFilterValue: version}}),
      new deck.ScatterplotLayer({id: "places", data: D.places, getPosition: function (o) { return o.ll; },
        getRadius: function (o) { return o.r; }, radiusUnits: "pixels",
        getFillColor: function (o) { return hex(o.c, 215); }, getLineColor: [255, 255, 255, 255],
        lineWidthUnits: "pixels", getLineWidth: 1, stroked: true, pickable: true})
    ];
  }
  api.times.ready = performance.now();
  var instance;

  function redraw() {
    recompute();
    if (instance) { instance.setProps({layers: layers()}); }
    popupEl.hidden = true;
    document.dispatchEvent(new CustomEvent("ca-atlas-change"));
  }
  Object.assign(api, {
    /** Show each corridor's status as of the ISO date (null: all dates). */
    setDate: function (iso) { state.date = iso ? String(iso).slice(0, 10) : null; redraw(); },
    /** Keep corridors of these modes/statuses/countries whose label contains query. */
    setFilter: function (f) {
      f = f || {};
      state.modes = asSet(f.modes); state.statuses = asSet(f.statuses);
      state.countries = asSet(f.countries); state.query = f.query || "";
      redraw();
    },
    /** How many corridors are drawn now. */
    shown: function () { return shownCount; },
    /** Every corridor: its page data, status as of the date and whether it is shown. */
    corridors: function () {
      var out = new Array(N);
      for (var k = 0; k < N; k++) {
        out[k] = {t: T[k], m: M[k], n: NA[k], c: C[k], h: H[k], status: status[k], shown: !!shown[k]};
      }
      return out;
    },
    /** The names of the places on the map (for a search list). */
    places: function () { return D.places.map(function (p) { return p.h; }); },
    /** Zoom to the first shown corridor or place whose name contains the query. */
    focus: function (query) {
      var q = String(query || "").toLowerCase(), ll = null;
      for (var k = 0; k < N && !ll; k++) {
        if (shown[k] && String(T[k]).toLowerCase().indexOf(q) >= 0) {
          var xy = api.lonLat(k);
          if (xy) { ll = xy; }
        }
      }
      D.places.forEach(function (p) { if (!ll && p.h.toLowerCase().indexOf(q) >= 0) { ll = p.ll; } });
      if (ll && instance) {
        instance.setProps({initialViewState: {longitude: ll[0], latitude: ll[1], zoom: 5,
                                              pitch: 0, bearing: 0, transitionDuration: 300}});
      }
      return !!ll;
    },
    /** The middle point of corridor k's first line ([lon, lat]), or null. */
    lonLat: function (k) {
      for (var m = 0; m < nLines; m++) {
        if (owner[m] !== k) { continue; }
        var mid = starts[m] + Math.floor((starts[m + 1] - starts[m]) / 2);
        return [pos[2 * mid], pos[2 * mid + 1]];
      }
      return null;
    },
    /** Where that point is on the screen ([x, y] px), or null. */
    screenPoint: function (k) {
      var ll = api.lonLat(k);
      return ll && instance ? instance.getViewports()[0].project(ll) : null;
    }
  });
  window.CorridorAtlas = api;
  recompute();

  // The title, or the shared atlas controls (geo._atlas_ui) where the page has them.
  var titleEl = document.getElementById("ca-title");
  var ui = null;
  if (UI) {
    titleEl.hidden = true;
    document.getElementById("ca-legend").hidden = true;
    var host = el("div", undefined, "ca-atlas-host");
    document.body.appendChild(host);
    ui = UI.mount(host, {title: D.title});
  } else {
    titleEl.appendChild(el("div", FIG && FIG.title ? FIG.title : D.title));
    if (FIG && FIG.subtitle) { titleEl.appendChild(el("div", FIG.subtitle, "ca-subtitle")); }
  }
  if (FIG && FIG.source) { document.body.appendChild(el("div", FIG.source, "ca-box ca-source")); }
  if (window.innerWidth < 600 && !FIG) { document.getElementById("ca-legend").open = false; }

  function fail(msg) {
    var box = el("div", msg, "ca-box ca-nowebgl");
    box.setAttribute("role", "alert");
    document.body.appendChild(box);
    document.documentElement.dataset.caDrawn = "error";
  }
  try {
    instance = new deck.Deck({
      parent: mapEl, initialViewState: fitted(), controller: {keyboard: true, doubleClickZoom: true},
      layers: layers(), useDevicePixels: true,
      getTooltip: function (info) {
        if (!info.object) { return null; }
        if (info.layer.id === "places") { return {text: info.object.h}; }
        var k = info.object.i;
        return {text: T[k] + " (" + M[k] + (status[k] ? ", " + String(status[k]).replace(/_/g, " ") : "") + ")"};
      },
      onClick: function (info) {
        if (!info.object) { popupEl.hidden = true; return; }
        showPopup(info.layer.id === "places" ? placePopup(info.object) : corridorPopup(info.object.i),
                  info.x, info.y);
      },
      onAfterRender: function () {
        frames++;
        api.frames = frames;
        if (!drawn) {
          drawn = true;
          api.firstFrame = performance.now();
          document.documentElement.dataset.caDrawn = "1";
        }
      },
      onError: function (e) { fail("This map needs WebGL, which this browser did not give: " + e.message); }
    });
  } catch (e) {
    fail("This map needs WebGL, which this browser did not give: " + e.message);
    throw e;
  }
  api.times.created = performance.now();
})();
