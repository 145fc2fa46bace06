/* Maps of the cases app: one case's place, or every open report by category (GeoJSON from the server).
   Tiles load only from the server the administrator configured; without one, the open reports are listed with
   their coordinates and an "open in a map" link, and no third party learns where citizens are. */
(function () {
  "use strict";
  function baseMap(el) {
    var map = L.map(el);
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
    return map;
  }
  function source(el) {
    var filter = document.querySelector("[data-map-filter]");
    return el.dataset.source + (filter && filter.value ? "?categoria=" + encodeURIComponent(filter.value) : "");
  }
  function fetchFeatures(el, render) {
    fetch(source(el), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      render(data.features);
    });
  }
  function onFilterChange(load) {
    var filter = document.querySelector("[data-map-filter]");
    if (filter) filter.addEventListener("change", load);
    load();
  }

  var one = document.getElementById("case-map");
  if (one && window.L) {
    var point = [parseFloat(one.dataset.lat), parseFloat(one.dataset.lon)];
    var m = baseMap(one).setView(point, 17);
    L.marker(point).addTo(m);
  }

  var places = document.getElementById("reports-places");
  if (places) {
    var list = places.querySelector("ul");
    onFilterChange(function () {
      fetchFeatures(places, function (features) {
        list.replaceChildren();
        if (!features.length) {
          var none = document.createElement("li");
          none.textContent = places.dataset.emptyLabel;
          list.appendChild(none);
        }
        features.forEach(function (f) {
          var p = f.properties, lat = f.geometry.coordinates[1], lon = f.geometry.coordinates[0];
          var item = document.createElement("li");
          item.className = "border-bottom py-2";
          var a = document.createElement("a");
          a.href = p.url; a.textContent = p.reference;
          item.appendChild(a);
          var text = " · " + p.title + " · " + (p.category || p.department) + " · " + p.state;
          if (p.overdue) text += " · " + places.dataset.overdueLabel;
          item.appendChild(document.createTextNode(text));
          item.appendChild(document.createElement("br"));
          var where = document.createElement("span");
          where.className = "small text-muted";
          where.textContent = lat.toFixed(6) + ", " + lon.toFixed(6) + (p.address ? " · " + p.address : "");
          item.appendChild(where);
          if (places.dataset.link) {
            var link = document.createElement("a");
            link.href = places.dataset.link.split("{lat}").join(lat).split("{lon}").join(lon);
            link.target = "_blank"; link.rel = "noopener noreferrer"; link.className = "small ms-2";
            link.textContent = places.dataset.openLabel;
            item.appendChild(link);
          }
          list.appendChild(item);
        });
      });
    });
  }

  var all = document.getElementById("reports-map");
  if (!all || !window.L) return;
  var map = baseMap(all).setView([41.9, 12.5], 6);
  var layer = L.layerGroup().addTo(map);
  onFilterChange(function () {
    fetchFeatures(all, function (features) {
      layer.clearLayers();
      var bounds = [];
      features.forEach(function (f) {
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
  });
})();
