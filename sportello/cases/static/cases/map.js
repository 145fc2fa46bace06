/* Maps of the cases app: one case's place, or every open report by category (GeoJSON from the server). */
(function () {
  "use strict";
  function baseMap(el) {
    var map = L.map(el);
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }
  var one = document.getElementById("case-map");
  if (one) {
    var point = [parseFloat(one.dataset.lat), parseFloat(one.dataset.lon)];
    var m = baseMap(one).setView(point, 17);
    L.marker(point).addTo(m);
  }
  var all = document.getElementById("reports-map");
  if (!all) return;
  var map = baseMap(all).setView([41.9, 12.5], 6);
  var layer = L.layerGroup().addTo(map);
  var filter = document.querySelector("[data-map-filter]");
  function load() {
    var url = all.dataset.source + (filter && filter.value ? "?categoria=" + encodeURIComponent(filter.value) : "");
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      layer.clearLayers();
      var bounds = [];
      data.features.forEach(function (f) {
        var p = f.properties, ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        bounds.push(ll);
        var marker = L.circleMarker(ll, { radius: 8, color: p.overdue ? "#d9364f" : "#0066cc", fillOpacity: 0.7 });
        var box = document.createElement("div");
        var a = document.createElement("a");
        a.href = p.url; a.textContent = p.reference;
        box.appendChild(a);
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(p.title + " · " + (p.category || p.department) + " · " + p.state));
        marker.bindPopup(box).addTo(layer);
      });
      if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    });
  }
  if (filter) filter.addEventListener("change", load);
  load();
})();
