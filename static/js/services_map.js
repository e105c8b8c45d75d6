/* The services map (services_map/templates/services_map/map.html): Leaflet
   over the territory's own outlines, no tiles unless the deployment names a
   tile server. The points are the page's list, in #services-points; the
   layer boxes of the filter form show and hide their layer at once. Without
   JavaScript the map stays hidden and the list says the same. */
(function () {
  "use strict";
  var element = document.getElementById("carte");
  var data = document.getElementById("services-points");
  if (!element || !data || !window.L) { return; }
  element.hidden = false;
  var status = document.getElementById("carte-etat");
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { scrollWheelZoom: false });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener noreferrer">Leaflet</a>');
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution || "" }).addTo(map);
  }

  function colourOf(key) {
    var swatch = document.querySelector(".swatch-" + key);
    return swatch ? window.getComputedStyle(swatch).backgroundColor : "#333";
  }

  function line(parent, text, tag) {
    if (!text) { return; }
    var p = document.createElement(tag || "p");
    p.textContent = text;
    parent.appendChild(p);
    return p;
  }

  function popup(props) {
    // Built from text nodes: a name typed in the admin never becomes markup.
    var box = document.createElement("div");
    var title = line(box, props.name, "p");
    title.className = "fw-bold";
    line(box, props.category + " · " + props.commune);
    line(box, props.address);
    // The words come from the page, in its language (data-label-*).
    if (props.hours) { line(box, (element.dataset.labelHours || "Horaires :") + " " + props.hours); }
    if (props.phone) {
      var phone = document.createElement("p");
      var call = document.createElement("a");
      call.href = "tel:" + props.phone.replace(/\s/g, "");
      call.textContent = props.phone;
      phone.appendChild(document.createTextNode((element.dataset.labelPhone || "Téléphone :") + " "));
      phone.appendChild(call);
      box.appendChild(phone);
    }
    if (props.website && /^https?:\/\//.test(props.website)) {
      var site = document.createElement("p");
      var link = document.createElement("a");
      link.href = props.website;
      link.rel = "noopener noreferrer";
      link.textContent = element.dataset.labelWebsite || "Site web";
      site.appendChild(link);
      box.appendChild(site);
    }
    return box;
  }

  var groups = {};
  var bounds = [];
  points.features.forEach(function (feature) {
    var key = feature.properties.layer;
    if (!groups[key]) { groups[key] = L.featureGroup(); }
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    bounds.push(latlng);
    L.circleMarker(latlng, {
      radius: 7, color: "#fff", weight: 2, fillColor: colourOf(key), fillOpacity: 1,
      className: "service-point service-point-" + key,
    }).bindPopup(popup(feature.properties)).addTo(groups[key]);
  });

  var boxes = document.querySelectorAll("input[data-layer]");
  function shown() {
    var count = 0;
    boxes.forEach(function (box) {
      var group = groups[box.dataset.layer];
      if (!group) { return; }
      if (box.checked) { group.addTo(map); count += group.getLayers().length; } else { group.remove(); }
    });
    if (status) { status.textContent = count + (count > 1 ? " lieux sur la carte." : " lieu sur la carte."); }
  }
  boxes.forEach(function (box) { box.addEventListener("change", shown); });
  shown();

  var aroundLat = parseFloat(element.dataset.aroundLat);
  var aroundLon = parseFloat(element.dataset.aroundLon);
  if (!isNaN(aroundLat) && !isNaN(aroundLon)) {
    var circle = L.circle([aroundLat, aroundLon], {
      radius: parseFloat(element.dataset.radiusKm) * 1000, color: "#1f4e79", weight: 2, fill: false,
      interactive: false, className: "around-circle",
    }).addTo(map);
    map.fitBounds(circle.getBounds());
  } else if (bounds.length) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
  } else {
    map.setView([44.5, 1.2], 8);
  }

  fetch(element.dataset.outlinesUrl, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (outlines) {
      var base = L.geoJSON(outlines, {
        interactive: false,
        style: function (feature) {
          var level = feature.properties.level;
          if (level === "departement") { return { color: "#212529", weight: 2.5, fill: false, className: "outline-departement" }; }
          if (level === "epci") { return { color: "#495057", weight: 1.5, fill: false, dashArray: "6 4", className: "outline-epci" }; }
          return { color: "#adb5bd", weight: 0.7, fillColor: "#ffffff", fillOpacity: 1, className: "outline-commune" };
        },
      }).addTo(map);
      base.bringToBack();
      if (!bounds.length && isNaN(aroundLat)) { map.fitBounds(base.getBounds()); }
      element.dataset.outlines = "loaded";
    })
    .catch(function () { element.dataset.outlines = "failed"; });
})();
