"""The map's furniture, drawn in the browser: title, legend, labels and a layout pass.

* the title and the legend are Leaflet controls, so Leaflet stacks them with the zoom and
  layer controls and no control covers another; the legend is a ``<details>`` element
  (collapsed on narrow screens);
* labels are permanent Leaflet tooltips; a collision pass (after every zoom and move)
  shows them by importance (corridors, then places by mentions, then countries), tries
  the other side of a point before hiding a label, and never lets one sit under a control;
* the view is fitted with padding for the controls, so no control covers the data; the
  fit runs before the layers are added (they are drawn once, in the final view) and the
  labels after them (``map._caLabels()``).

Everything an article can influence reaches the page as JSON and is set with
``textContent``; the JSON is written so that branca's Jinja pass cannot see a template in it.
"""

from __future__ import annotations

import json
import re

from branca.element import MacroElement
from jinja2 import Template


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                  "\u2029": "\\u2029"}


def js_json(value) -> str:
    """JSON for a ``<script>`` that branca compiles as a Jinja template. ``<``, ``>``, ``&``,
    U+2028, U+2029 and a brace that starts "{{", "{%" or "{#" are written as escapes (they
    can only occur inside strings), so no article text ("<!--<script>") can end or blank
    the script."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)
    return re.sub(r"\{(?=[{%#])", r"\\u007b", text)


CSS = """
.leaflet-container.ca-map{background:#cfe3f3;font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.leaflet-interactive:focus,.leaflet-container :focus:not(:focus-visible){outline:none}
.ca-title{background:rgba(255,255,255,.94);padding:5px 10px;border-radius:4px;font-weight:600;
  font-size:15px;line-height:1.25;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:min(520px,calc(100vw - 90px))}
.ca-legend{background:rgba(255,255,255,.94);padding:5px 9px;border-radius:4px;
  box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:250px;font-size:12px}
.ca-legend summary{cursor:pointer;font-weight:600}
.ca-legend .ca-h{font-weight:600;margin-top:5px}
.ca-legend svg{vertical-align:middle;margin-right:4px}
.leaflet-control-attribution{max-width:calc(100% - 130px);white-space:normal;line-height:1.3}
.leaflet-tooltip.ca-label{background:none;border:0;box-shadow:none;padding:0 1px;color:#222;
  font-weight:600;font-size:12px;white-space:nowrap;pointer-events:none;
  text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}
.leaflet-tooltip.ca-label:before{display:none}
.leaflet-tooltip.ca-label-corridor{font-style:italic;font-weight:600;color:#444}
.leaflet-tooltip.ca-label-country{color:#8a4a2b;font-weight:500;letter-spacing:.12em;
  text-transform:uppercase;font-size:11px}
.ca-subtitle{font-weight:400;font-size:13px;color:#444;margin-top:2px}
.ca-source{background:rgba(255,255,255,.9);padding:2px 6px;border-radius:3px;font-size:11px;color:#333}
.ca-hidden{visibility:hidden}
.ca-figure .ca-legend summary{list-style:none;cursor:default}
.ca-figure .ca-legend summary::-webkit-details-marker{display:none}
.ca-figure .leaflet-control-zoom,.ca-figure .leaflet-control-layers,.ca-figure .ca-fullscreen{display:none}
"""

JS = r"""
function box(el) { var r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; }
function hit(a, b, m) { m = m || 0; return a.l < b.r + m && b.l < a.r + m && a.t < b.b + m && b.t < a.b + m; }
var container = map.getContainer();
function Box(position, make) {
  var C = L.Control.extend({options: {position: position}, onAdd: function () {
    var el = make(); L.DomEvent.disableClickPropagation(el); L.DomEvent.disableScrollPropagation(el); return el; }});
  return new C().addTo(map);
}
// A publication figure (geo.export.save_png): no buttons, its own title and source line.
var fig = window.CA_FIGURE || null;
if (fig) { container.classList.add("ca-figure"); }
var title = (fig && fig.title) || spec.title;
if (title) {
  Box("topleft", function () {
    var d = L.DomUtil.create("div", "ca-title"); d.textContent = title;
    if (fig && fig.subtitle) { var s = L.DomUtil.create("div", "ca-subtitle", d); s.textContent = fig.subtitle; }
    return d;
  });
}
if (fig && fig.source) {
  Box("bottomleft", function () { var d = L.DomUtil.create("div", "ca-source"); d.textContent = fig.source; return d; });
}
var legend = Box("bottomright", function () {
  var d = L.DomUtil.create("details", "ca-legend");
  d.innerHTML = spec.legend;  // our own fixed labels, built and escaped in Python
  if (fig || (container.clientWidth >= 1000 && container.clientHeight >= 560)) { d.open = true; }
  return d;
});
// opening or closing the legend frees or covers labels (the legend opened above fires
// "toggle" once more after the first layout: nothing has changed then)
var legendEl = legend.getContainer(), legendOpen = null;
legendEl.addEventListener("toggle", function () { if (legendEl.open !== legendOpen) { layoutLabels(); } });

// Labels go on last (geo.maps calls map._caLabels() after adding every layer), above all.
var labels = [];
// A label goes with its layer: turning "Places" off in the layer control hides their names.
var hiddenLayers = {};
map.on("overlayremove", function (e) { hiddenLayers[e.name] = true; layoutLabels(); });
map.on("overlayadd", function (e) { delete hiddenLayers[e.name]; layoutLabels(); });
map._caLabels = function () {
  labels = spec.labels.map(function (s) {
    var t = L.tooltip({permanent: true, interactive: false, direction: s.dir || "right",
                       offset: s.off || [0, 0], className: "ca-label ca-label-" + s.k, opacity: 1})
      .setLatLng(s.ll).setContent(s.t);
    t.addTo(map);
    return {spec: s, tip: t, dir: s.dir || "right"};
  });
  layoutLabels();
};
var FLIP = {right: "left", left: "right", top: "bottom", bottom: "top", center: "center"};
function place(l, dir) {
  // a tooltip's update() sets its content again and measures it (a layout each): only
  // when the side changes (a tooltip made with its first side needs none)
  if (l.dir === dir) { return; }
  l.dir = dir;
  var o = l.spec.off || [0, 0];
  l.tip.options.direction = dir;
  l.tip.options.offset = dir === l.spec.dir ? o : [-o[0], -o[1]];
  l.tip.update();
}
function obstacles() {
  var out = [];
  container.querySelectorAll(".leaflet-control").forEach(function (c) { if (c.offsetWidth) { out.push(box(c)); } });
  return out;
}
function layoutLabels() {
  // Greedy by importance, in two batches (first choice of side, then the other side) so
  // that the browser lays the page out twice, not once per label.
  legendOpen = legendEl.open;
  var frame = box(container), fixed = obstacles(), taken = [];
  container.querySelectorAll("path.ca-place").forEach(function (p) { taken.push(box(p)); });
  function free(b) {
    var inside = b.l >= frame.l && b.r <= frame.r && b.t >= frame.t && b.b <= frame.b;
    return inside && !fixed.some(function (o) { return hit(b, o, 2); }) &&
      !taken.some(function (o) { return hit(b, o, 1); });
  }
  var todo = [];
  labels.forEach(function (l) {
    var el = l.tip.getElement();
    if (!el) { return; }
    if (l.spec.g && hiddenLayers[l.spec.g]) { el.classList.add("ca-hidden"); return; }  // its layer is off
    var at = map.latLngToContainerPoint(l.spec.ll);
    if (at.x < 0 || at.y < 0 || at.x > frame.r - frame.l || at.y > frame.b - frame.t) {
      el.classList.add("ca-hidden"); return;  // its point is off the map
    }
    el.classList.remove("ca-hidden");
    place(l, l.spec.dir || "right");
    todo.push(l);
  });
  var rects = todo.map(function (l) { return box(l.tip.getElement()); }), again = [];
  todo.forEach(function (l, i) {
    if (free(rects[i])) { taken.push(rects[i]); }
    else if (FLIP[l.spec.dir || "right"] !== (l.spec.dir || "right")) { again.push(l); }
    else { l.tip.getElement().classList.add("ca-hidden"); }
  });
  again.forEach(function (l) { place(l, FLIP[l.spec.dir || "right"]); });
  rects = again.map(function (l) { return box(l.tip.getElement()); });
  again.forEach(function (l, i) {
    if (free(rects[i])) { taken.push(rects[i]); return; }
    l.tip.getElement().classList.add("ca-hidden");  // hidden on its other side (place() turns it back when shown)
  });
}

// Fit the data inside what the controls leave free: a control by a side pads that side
// by its width or the top/bottom by its height, whichever costs less of the map.
var userMoved = false, fitting = false;
function fit() {
  var f = box(container), W = f.r - f.l, H = f.b - f.t, pad = {l: 0, t: 0, r: 0, b: 0};
  container.querySelectorAll(".leaflet-control").forEach(function (c) {
    if (!c.offsetWidth) { return; }
    var b = box(c), left = (b.l + b.r) / 2 < f.l + W / 2, top = (b.t + b.b) / 2 < f.t + H / 2;
    var h = left ? b.r - f.l : f.r - b.l, v = top ? b.b - f.t : f.b - b.t;
    if (h / W <= v / H) { pad[left ? "l" : "r"] = Math.max(pad[left ? "l" : "r"], h); }
    else { pad[top ? "t" : "b"] = Math.max(pad[top ? "t" : "b"], v); }
  });
  var m = 14, bounds = L.latLngBounds(spec.bounds), boxes = [];
  var tl = L.point(pad.l + m, pad.t + m), br = L.point(pad.r + m, pad.b + m);
  container.querySelectorAll(".leaflet-control").forEach(function (c) { if (c.offsetWidth) { boxes.push(box(c)); } });
  // Where fitBounds would put the view (Leaflet's own arithmetic), without drawing it.
  function view(b) {
    var zoom = map.getBoundsZoom(b, false, tl.add(br));
    var sw = map.project(b.getSouthWest(), zoom), ne = map.project(b.getNorthEast(), zoom);
    return {zoom: zoom, center: map.unproject(sw.add(ne).divideBy(2).add(br.subtract(tl).divideBy(2)), zoom)};
  }
  // A place outside the data's bounds may still come into view under a control: take it
  // into the bounds and fit again (a few rounds at most), then draw the view once.
  var v = view(bounds), half = map.getSize().divideBy(2);
  for (var round = 0; round < 4; round++) {
    var origin = map.project(v.center, v.zoom);
    var more = spec.labels.filter(function (s) {
      if (s.k !== "place" || bounds.contains(s.ll)) { return false; }
      var p = map.project(s.ll, v.zoom).subtract(origin).add(half), r = (s.r || 4) + 2;
      var b = {l: f.l + p.x - r, r: f.l + p.x + r, t: f.t + p.y - r, b: f.t + p.y + r};
      return boxes.some(function (o) { return hit(b, o, 0); });
    });
    if (!more.length) { break; }
    more.forEach(function (s) { bounds.extend(s.ll); });
    v = view(bounds);
  }
  fitting = true;
  map.setView(v.center, v.zoom, {animate: false});
  fitting = false;
}
map.on("dragstart", function () { userMoved = true; });
map.on("zoomstart", function () { if (!fitting) { userMoved = true; } });
map.on("zoomend moveend", function () { if (!fitting) { layoutLabels(); } });
map.on("resize", function () { if (!userMoved) { fit(); } layoutLabels(); });
// Fitted before any layer is added, so that the lines are drawn once, in the final view.
fit();
"""


class Furniture(MacroElement):
    """Title, legend, labels and the fitted view of one map (see the module docstring)."""

    _template = Template("{% macro header(this, kwargs) %}<style>" + CSS + "</style>{% endmacro %}"
                         "{% macro script(this, kwargs) %}(function () {\n"
                         "var map = {{ this._parent.get_name() }};\n"
                         "var spec = {{ this.spec_json }};\n" + JS + "})();\n{% endmacro %}")

    def __init__(self, *, title: str | None, legend_html: str, labels: list[dict], bounds):
        super().__init__()
        self._name = "Furniture"
        self.spec = {"title": title, "legend": legend_html, "labels": labels, "bounds": bounds}
        self.spec_json = js_json(self.spec)
