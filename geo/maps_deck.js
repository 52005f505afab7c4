// Corridor Atlas: the deck.gl page (see geo/maps_deck.py). Article text is set with
// textContent only; nothing is fetched.
(function () {
  "use strict";
  var t0 = performance.now();
  // The canvas and its WebGL context come first: the GPU process sets the context up
  // while the page data is read and the lines are built, and the canvas has the size it
  // is shown at from the start, so deck.gl's first frame is the map (not a frame into the
  // canvas's default 300 x 150, drawn again once it is resized). The attributes are the
  // ones deck.gl asks for (deviceProps below, and luma.gl's preserveDrawingBuffer).
  var mapEl = document.getElementById("ca-map");
  var canvas = document.createElement("canvas");
  canvas.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%";
  mapEl.appendChild(canvas);
  var dpr0 = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.floor((mapEl.clientWidth || window.innerWidth) * dpr0));
  canvas.height = Math.max(1, Math.floor((mapEl.clientHeight || window.innerHeight) * dpr0));
  var GL_ATTRS = {antialias: false, depth: false, preserveDrawingBuffer: true, powerPreference: "high-performance"};
  try { canvas.getContext("webgl2", GL_ATTRS); } catch (e) { /* deck.gl reports it below */ }
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
    if (Uint8Array.fromBase64) { return Uint8Array.fromBase64(b64).buffer; }
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
  function decode(L) {
    var first = new Int32Array(bytes(L.first)), step = new Int16Array(bytes(L.step)),
        len = new Uint32Array(bytes(L.len)), own = new Uint32Array(bytes(L.owner));
    var n = len.length, total = 0, i;
    for (i = 0; i < n; i++) { total += len[i]; }
    var xy = new Float32Array(total * 2), st = new Uint32Array(n + 1);
    var sc = 1 / L.scale, at = 0, si = 0;
    for (i = 0; i < n; i++) {
      st[i] = at;
      var x = first[2 * i], y = first[2 * i + 1];
      xy[2 * at] = x * sc; xy[2 * at + 1] = y * sc; at++;
      for (var j = 1; j < len[i]; j++) {
        x += step[2 * si]; y += step[2 * si + 1]; si++;
        xy[2 * at] = x * sc; xy[2 * at + 1] = y * sc; at++;
      }
    }
    st[n] = at;
    return {pos: xy, starts: st, owner: own, count: n};
  }
  var G = decode(D.lines), pos = G.pos, starts = G.starts, owner = G.owner, nLines = G.count;

  // --- the line mesh: every line one triangle strip, all lines one draw call
  // Software WebGL (SwiftShader) pays dearly per drawn instance, and deck.gl's PathLayer
  // draws one instance per segment; this mesh is plain vertices, two a point (one each
  // side of the line), lines joined by repeated vertices (zero-area triangles). Each
  // vertex holds its point (lon, lat), its offset direction in Web Mercator (the miter at
  // a joint, scaled so that the line keeps its width), the corridor and its width in
  // tenths of a pixel (one Uint32) and a colour; colours alone change with the date and
  // the filters (alpha 0: hidden; odd alpha: drawn at three quarters width).
  var D2R = Math.PI / 180;
  function mercY(lat) {
    lat = Math.max(-85, Math.min(85, lat));
    return Math.log(Math.tan(Math.PI / 4 + lat * D2R / 2));
  }
  // Web Mercator "common" units (deck.gl's: 512 for the world, y up) of a lon, lat
  var WORLD = 512 / (2 * Math.PI);
  function lineMesh(g, idOf, widthOf, keep, common) {
    // keep: one bit per point (the coarse drawing), or null for every point; common: the
    // points in Web Mercator units (see CA_COMMON in LINES_VS), else lon, lat
    var xy = g.pos, st = g.starts, nv = 0, l, a, b, n, i;
    function kept(p) { return !keep || (keep[p >> 3] >> (p & 7)) & 1; }
    for (l = 0; l < g.count; l++) {
      n = 0;
      for (i = st[l]; i < st[l + 1]; i++) { if (kept(i)) { n++; } }
      if (n >= 2) { nv += 2 * n + 2; }
    }
    var vpos = new Float32Array(nv * 2), vnrm = new Int16Array(nv * 2), vid = new Uint32Array(nv);
    var idx = new Uint32Array(1024);
    var v = 0;
    var cy = 0;  // common y of the point being put (mercY is worked out once a point)
    function put(p, nx, ny, idw) {
      if (common) { vpos[2 * v] = (xy[2 * p] * D2R + Math.PI) * WORLD; vpos[2 * v + 1] = cy; }
      else { vpos[2 * v] = xy[2 * p]; vpos[2 * v + 1] = xy[2 * p + 1]; }
      vnrm[2 * v] = Math.round(nx * 32767); vnrm[2 * v + 1] = Math.round(ny * 32767);
      vid[v] = idw; v++;
    }
    for (l = 0; l < g.count; l++) {
      a = st[l]; b = st[l + 1]; n = 0;
      if (b - a > idx.length) { idx = new Uint32Array(b - a); }
      for (i = a; i < b; i++) { if (kept(i)) { idx[n++] = i; } }
      if (n < 2) { continue; }
      var k = idOf(l), w = Math.max(0, Math.min(255, Math.round(widthOf(k) * 10)));
      var idw = (k & 0xFFFFFF) + w * 16777216;
      var px = 0, py = 0, have = false;  // the last segment's unit normal
      var y0 = mercY(xy[2 * idx[0] + 1]), y1;
      for (var j = 0; j < n; j++) {
        var p = idx[j], nx = 0, ny = 0, ox = 0, oy = 0, next = false;
        cy = (y0 + Math.PI) * WORLD;
        if (j + 1 < n) {
          var q = idx[j + 1];
          y1 = mercY(xy[2 * q + 1]);
          var dx = (xy[2 * q] - xy[2 * p]) * D2R, dy = y1 - y0, d = Math.sqrt(dx * dx + dy * dy);
          if (d > 0) { ox = -dy / d; oy = dx / d; next = true; }
          y0 = y1;
        }
        if (have && next) {
          var mx = px + ox, myy = py + oy, ml = Math.sqrt(mx * mx + myy * myy);
          if (ml > 1e-6) {
            mx /= ml; myy /= ml;
            var c = Math.max(mx * ox + myy * oy, 0.5);  // a sharp turn: at most twice as wide
            nx = mx / c; ny = myy / c;
          } else { nx = ox; ny = oy; }
        } else if (next) { nx = ox; ny = oy; } else if (have) { nx = px; ny = py; }
        if (next) { px = ox; py = oy; have = true; }
        if (j === 0) { put(p, -nx / 4, -ny / 4, idw); }  // repeated: the join to the line before
        put(p, -nx / 4, -ny / 4, idw);
        put(p, nx / 4, ny / 4, idw);
        if (j === n - 1) { put(p, nx / 4, ny / 4, idw); }  // repeated: the join to the next line
      }
    }
    return {pos: vpos, nrm: vnrm, id: vid, col: new Uint32Array(nv), count: nv, version: 0, common: !!common};
  }
  function rgba(r, g, b, a) { return ((r & 255) | ((g & 255) << 8) | ((b & 255) << 16)) + (a & 255) * 16777216; }
  function paintMesh(mesh, colorOf) {  // colorOf(corridor) -> Uint32 RGBA (little-endian)
    var ids = mesh.id, out = mesh.col, last = -1, c = 0;
    for (var v = 0; v < mesh.count; v++) {
      var k = ids[v] & 0xFFFFFF;
      if (k !== last) { c = colorOf(k); last = k; }
      out[v] = c;
    }
    mesh.version++;
  }

  var LINES_MODULE = {
    name: "caLines",
    vs: "layout(std140) uniform caLinesUniforms {\n  float widthScale;\n  vec2 rotation;\n} caLines;\n",
    fs: "",
    uniformTypes: {widthScale: "f32", rotation: "vec2<f32>"}
  };
  var LINES_VS = [
    "#version 300 es",
    "#define SHADER_NAME ca-lines-vertex-shader",
    "in vec2 caPos;",
    "in vec2 caNormal;",
    "in uint caIdWidth;",
    "in vec4 caColor;",
    "flat out vec4 vColor;",
    "#ifdef CA_SMOOTH",
    "out float vEdge;",
    "flat out float vHalf;",
    "#endif",
    "void main(void) {",
    "  float id = float(caIdWidth & 16777215u);",
    "  float width = float(caIdWidth >> 24u) * 0.1 * caLines.widthScale;",
    "  if (fract(caColor.a * 127.5 + 0.25) > 0.5) { width *= 0.75; }",
    // CA_SMOOTH: the line is drawn a pixel wider and its outer pixel fades out, by the
    // distance from its middle (vEdge, in pixels): smooth edges without multisampling.
    // The two vertices of a point are the odd (one side) and the even (the other side)
    // vertices of the strip; the repeated vertices that join lines draw nothing.
    "#ifdef CA_SMOOTH",
    "  vHalf = width * 0.5;",
    "  vEdge = ((gl_VertexID & 1) == 1 ? -1.0 : 1.0) * (vHalf + 0.5);",
    "  width += 1.0;",
    "#endif",
    "  geometry.pickingColor = picking_getPickingColorFromIndex(id);",
    // CA_COMMON: the points are in Web Mercator units already (lineMesh), so the shader
    // only multiplies by the view: deck.gl's projection of lon, lat (a log and an
    // emulated tan a vertex) was most of the time software WebGL spent on a frame of
    // 100,000 lines. Only below zoom 11 (deck.gl draws in absolute units there).
    "#ifdef CA_COMMON",
    "  geometry.position = vec4(caPos, 0.0, 1.0);",
    "  geometry.worldPosition = vec3(caPos, 0.0);",
    "  vec4 p = project_common_position_to_clipspace(geometry.position);",
    "#else",
    "  geometry.worldPosition = vec3(caPos, 0.0);",
    "  vec4 p = project_position_to_clipspace(vec3(caPos, 0.0), vec3(0.0), vec3(0.0), geometry.position);",
    "#endif",
    "  vec2 n = caNormal * 4.0;",
    "  n = vec2(n.x * caLines.rotation.x - n.y * caLines.rotation.y, n.x * caLines.rotation.y + n.y * caLines.rotation.x);",
    "  vec3 offset = vec3(n * (width * 0.5), 0.0);",
    "  DECKGL_FILTER_SIZE(offset, geometry);",
    "  DECKGL_FILTER_GL_POSITION(p, geometry);",
    "  gl_Position = p + vec4(project_pixel_size_to_clipspace(offset.xy), 0.0, 0.0);",
    "  if (caColor.a == 0.0) { gl_Position = vec4(0.0, 0.0, 2.0, 1.0); }",
    "  vColor = vec4(caColor.rgb, caColor.a * layer.opacity);",
    "  DECKGL_FILTER_COLOR(vColor, geometry);",
    // the drawing (not the picking pass): the hovered corridor's colour here, once a
    // vertex, instead of deck.gl's highlight test in every fragment (see LinesLayer)
    "#ifndef CA_PICKING",
    "  if (picking_vRGBcolor_Avalid.a > 0.5) {",
    "    float a = picking.highlightColor.a, blended = a + vColor.a * (1.0 - a);",
    "    vColor = vec4(mix(vColor.rgb, picking.highlightColor.rgb, a / blended), blended);",
    "  }",
    "#endif",
    "}"].join("\n");
  var LINES_FS = [
    "#version 300 es",
    "#define SHADER_NAME ca-lines-fragment-shader",
    "precision highp float;",
    "flat in vec4 vColor;",
    "#ifdef CA_SMOOTH",
    "in float vEdge;",
    "flat in float vHalf;",
    "#endif",
    "out vec4 fragColor;",
    "void main(void) {",
    "  fragColor = vColor;",
    "#ifdef CA_SMOOTH",
    "  fragColor.a *= clamp(vHalf + 0.5 - abs(vEdge), 0.0, 1.0);",
    "#endif",
    "#ifdef CA_PICKING",
    "  DECKGL_FILTER_COLOR(fragColor, geometry);",
    "#endif",
    "}"].join("\n");

  // A deck.gl layer drawing a lineMesh with one draw call (a luma.gl Model of our own).
  // Two programs on the same buffers: the drawing, whose fragment shader only writes the
  // line's colour (deck.gl's picking filter in every fragment was a fifth of a software
  // WebGL frame of 100,000 lines), and the picking pass (CA_PICKING), with it.
  class LinesLayer extends deck.Layer {
    getShaders(picking) {
      var defines = {};
      if (this.props.mesh.common) { defines.CA_COMMON = 1; }
      if (picking) { defines.CA_PICKING = 1; }
      if (this.props.smooth) { defines.CA_SMOOTH = 1; }
      return super.getShaders({vs: LINES_VS, fs: LINES_FS, modules: [deck.project32, deck.picking, LINES_MODULE],
                               defines: defines});
    }
    initializeState() {
      var dev = this.context.device, m = this.props.mesh, self = this;
      var buffers = {caPos: dev.createBuffer({data: m.pos}), caNormal: dev.createBuffer({data: m.nrm}),
                     caIdWidth: dev.createBuffer({data: m.id}), caColor: dev.createBuffer({data: m.col})};
      function model(picking) {
        return new luma.Model(dev, Object.assign({}, self.getShaders(picking), {
          id: self.props.id + (picking ? "-picking" : ""),
          bufferLayout: [{name: "caPos", format: "float32x2"}, {name: "caNormal", format: "snorm16x2"},
                         {name: "caIdWidth", format: "uint32"}, {name: "caColor", format: "unorm8x4"}],
          attributes: buffers, topology: "triangle-strip", vertexCount: m.count, isInstanced: false}));
      }
      var draw = model(false), pick = this.props.pickable ? model(true) : null;
      this.setState({model: draw, pickModel: pick, models: pick ? [draw, pick] : [draw],
                     buffers: buffers, painted: m.version});
    }
    getModels() { return this.state.models || []; }
    updateState(e) {
      var m = this.props.mesh;
      if (this.state.painted !== m.version) {
        this.state.buffers.caColor.write(m.col);
        this.state.painted = m.version;
      }
    }
    draw(opts) {
      var b = (this.context.viewport.bearing || 0) * D2R, sp = (opts && opts.shaderModuleProps) || {};
      var picking = !!(sp.picking && sp.picking.isActive);
      var model = picking && this.state.pickModel ? this.state.pickModel : this.state.model;
      model.shaderInputs.setProps({caLines: {widthScale: this.props.widthScale,
                                             rotation: [Math.cos(b), Math.sin(b)]}});
      model.draw(this.context.renderPass);
    }
    finalizeState(context) {
      super.finalizeState(context);  // destroys getModels()
      var b = this.state.buffers;
      Object.keys(b).forEach(function (k) { b[k].destroy(); });
    }
    getPickingInfo(params) {
      var info = params.info;
      info.object = info.index >= 0 ? {i: info.index} : null;
      return info;
    }
  }
  LinesLayer.layerName = "CorridorAtlasLinesLayer";
  LinesLayer.defaultProps = {mesh: {type: "object", value: null, compare: false}, widthScale: 1, painted: 0,
                            smooth: false};

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
    painted = true;
    Object.keys(meshes).forEach(function (lv) { paintMesh(meshes[lv], lineColor); });
  }

  var COLORS = {};
  Object.keys(D.modes).forEach(function (m) { COLORS[m] = D.modes[m].color; });
  // With the shared atlas controls, lines take their status colours and widths (the
  // controls' legend explains them); without, mode colours, unbuilt lines fainter.
  var UI = window.CorridorAtlasUI && !FIG ? window.CorridorAtlasUI : null;
  var rgbaOf = {};
  function cachedRgba(c, a) {  // "#rrggbb" and alpha as a Uint32 colour, parsed once
    var key = c + a;
    if (!(key in rgbaOf)) { var x = hex(c, a); rgbaOf[key] = rgba(x[0], x[1], x[2], x[3]); }
    return rgbaOf[key];
  }
  // alpha: 0 hidden; odd: unbuilt, drawn at three quarters width (see lineMesh)
  function lineColor(k) {
    if (!shown[k]) { return 0; }
    var s = status[k], unbuilt = !!(s && UNBUILT[s]);
    if (UI) { return cachedRgba(UI.color(s || "none"), unbuilt ? 215 : 214); }
    return cachedRgba(COLORS[M[k]] || "#444", unbuilt ? 111 : 204);
  }
  function lineWidth(k) {
    return UI ? UI.width(NA[k]) : 2.4 + 1.6 * Math.log2(Math.max(1, NA[k]));
  }
  // Two drawings of the corridors: coarse (each line simplified to under a pixel at the
  // zoom the map opens at; D.lines.lod) and full, built when the view is zoomed in
  // enough to need it.
  var LOD = D.lines.lod || null, KEEP = LOD ? new Uint8Array(bytes(LOD.keep)) : null;
  var meshes = {};
  function meshFor(level) {
    if (!meshes[level]) {
      var m = lineMesh(G, function (l) { return owner[l]; }, lineWidth, level === "coarse" ? KEEP : null,
                       level !== "deep");
      if (painted) { paintMesh(m, lineColor); }
      meshes[level] = m;
      api.times["mesh-" + level] = performance.now();
    }
    return meshes[level];
  }
  // the coarse drawing while its error is at most a pixel; "deep" (the full drawing in
  // lon, lat, projected by deck.gl) from zoom 11, where Web Mercator units in Float32
  // would be too coarse and deck.gl draws relative to the view's centre
  var DEEP_ZOOM = 11;
  function levelAt(zoom) {
    if (zoom >= DEEP_ZOOM) { return "deep"; }
    return LOD && LOD.tol * 512 * Math.pow(2, zoom) / 360 <= 1 ? "coarse" : "full";
  }
  var painted = false, level = null, mesh = null;
  var borderMesh = null;
  if (D.borders) {
    borderMesh = lineMesh(decode(D.borders), function (l) { return 0; }, function () { return 1; }, null, false);
    paintMesh(borderMesh, function () { return rgba(154, 154, 154, 200); });
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
  // The layers go on after deck.gl's first frame: its canvas is shown at its size from the
  // start, but deck.gl draws again when its ResizeObserver first reports ("Canvas
  // resized", after the first frame), and a frame of 100,000 lines should be drawn once.
  // The first frame is drawn empty, the second with the layers.
  var layersOn = false;
  // Very many lines are drawn thinner, with hard edges: they cover the map anyway, and
  // software WebGL pays per pixel (the legend says so); fewer get smooth edges.
  var DENSE = N >= 50000;
  function sized() {
    var cv = canvas;
    if (!cv || !cv.clientWidth) { return false; }
    var dpr = window.devicePixelRatio || 1;
    return Math.abs(cv.width - cv.clientWidth * dpr) <= 1.5 && Math.abs(cv.height - cv.clientHeight * dpr) <= 1.5;
  }
  function layers() {
    if (!layersOn) { return []; }
    var out = [
      new deck.GeoJsonLayer({id: "basemap", data: D.basemap, filled: true, stroked: !borderMesh,
        getFillColor: [242, 239, 233, 255], getLineColor: [154, 154, 154, 255],
        lineWidthUnits: "pixels", getLineWidth: 0.6, pickable: false})];
    if (borderMesh) { out.push(new LinesLayer({id: "borders", mesh: borderMesh, painted: borderMesh.version, pickable: false,
                                               smooth: true})); }
    mesh = meshFor(level);
    out.push(new LinesLayer({id: "corridors-" + level, mesh: mesh, painted: mesh.version, pickable: true,
                             widthScale: DENSE ? 0.6 : 1, smooth: !DENSE,
                             autoHighlight: true, highlightColor: [255, 200, 0, 220]}));
    if (D.places.length) {
      out.push(new deck.ScatterplotLayer({id: "places", data: D.places, getPosition: function (o) { return o.ll; },
        getRadius: function (o) { return o.r; }, radiusUnits: "pixels",
        getFillColor: function (o) { return hex(o.c, 215); }, getLineColor: [255, 255, 255, 255],
        lineWidthUnits: "pixels", getLineWidth: 1, stroked: true, pickable: true}));
    }
    return out;
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
        checkLevel(5);
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
  api.times.recomputed = performance.now();

  // The title, or the shared atlas controls (geo._atlas_ui) where the page has them.
  var titleEl = document.getElementById("ca-title");
  var ui = null;
  if (UI) {
    titleEl.hidden = true;
    document.getElementById("ca-legend").hidden = true;
    var host = el("div", undefined, "ca-atlas-host");
    document.body.appendChild(host);
    ui = UI.mount(host, {title: D.title, start: D.start || null, legendNote: N >= 50000 ?
      "With " + N.toLocaleString("en") + " corridors, lines are drawn at 60% of these widths." : null});
    api.times.mounted = performance.now();
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
  function checkLevel(zoom) {
    var want = levelAt(zoom);
    if (want !== level) {
      level = want;
      if (instance) { instance.setProps({layers: layers()}); }
    }
  }
  try {
    var view0 = fitted();
    level = levelAt(view0.zoom);
    instance = new deck.Deck({
      canvas: canvas, initialViewState: view0, controller: {keyboard: true, doubleClickZoom: true},
      layers: layers(), useDevicePixels: true,
      // no multisampling: software WebGL pays for it in every pixel of every line (below
      // DENSE, lines are smoothed in their own shader instead), and no depth buffer: the
      // map is flat
      deviceProps: {webgl: {antialias: false, depth: false}},
      onViewStateChange: function (e) { checkLevel(e.viewState.zoom); },
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
        if (!layersOn) {
          if (sized()) {
            layersOn = true;
            Promise.resolve().then(function () { instance.setProps({layers: layers()}); });
          }
          return;
        }
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
  // the drawing to open with, built now: the browser sets WebGL up meanwhile (the layers
  // go on after deck.gl's first frames, see layersOn)
  if (instance && level) { meshFor(level); }

})();
