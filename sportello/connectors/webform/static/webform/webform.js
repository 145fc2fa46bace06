/* The web form without JavaScript is complete; this only helps:
   - moves focus to the error summary (or the confirmation) so screen readers announce it;
   - checks the chosen files against the limits before a long upload;
   - offers a map to place a pin, only when the office configured a tile server (no third party otherwise). */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary") || document.getElementById("sent-notice");
  if (summary) {
    summary.focus();
  }

  var form = document.getElementById("webform");
  var fileInput = document.getElementById("id_attachments");
  if (form && fileInput) {
    var maxFiles = parseInt(form.dataset.maxFiles, 10);
    var maxBytes = parseInt(form.dataset.maxBytes, 10);
    fileInput.addEventListener("change", function () {
      var problem = "";
      if (fileInput.files.length > maxFiles) {
        problem = "Si possono allegare al massimo " + maxFiles + " file.";
      } else {
        for (var i = 0; i < fileInput.files.length; i++) {
          if (fileInput.files[i].size > maxBytes) {
            problem = "Il file «" + fileInput.files[i].name + "» supera la dimensione massima di " +
              Math.round(maxBytes / 1048576) + " MB.";
            break;
          }
        }
      }
      fileInput.setCustomValidity(problem);
      if (problem) {
        fileInput.reportValidity();
      }
    });
    form.addEventListener("submit", function (event) {
      if (fileInput.validationMessage) {
        event.preventDefault();
        fileInput.reportValidity();
      }
    });
  }

  var mapBox = document.getElementById("webform-map");
  if (mapBox && window.L && mapBox.dataset.tiles) {
    document.getElementById("webform-map-wrap").hidden = false;
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var chosen = document.getElementById("webform-map-chosen");
    var clear = document.getElementById("webform-map-clear");
    var map = window.L.map(mapBox).setView([41.9, 12.5], 5);
    window.L.tileLayer(mapBox.dataset.tiles, { maxZoom: 19 }).addTo(map);
    var marker = null;
    var show = function (latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = window.L.marker(latlng, { keyboard: false }).addTo(map);
      }
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      chosen.textContent = "Punto indicato: " + lat.value + ", " + lon.value;
      clear.hidden = false;
    };
    if (lat.value && lon.value) {
      var start = window.L.latLng(parseFloat(lat.value), parseFloat(lon.value));
      show(start);
      map.setView(start, 16);
    }
    map.on("click", function (event) {
      show(event.latlng);
    });
    clear.addEventListener("click", function () {
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      lat.value = "";
      lon.value = "";
      chosen.textContent = "Punto tolto.";
      clear.hidden = true;
    });
  }
})();
