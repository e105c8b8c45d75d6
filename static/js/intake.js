/* Intake pages, improved when JavaScript runs (they work without it):
   the error summary takes the focus, and the commune field suggests names. */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var input = document.querySelector("[data-commune-autocomplete]");
  if (!input || !window.fetch || !input.form) { return; }
  var url = input.form.getAttribute("data-commune-url");
  var list = document.getElementById(input.getAttribute("list"));
  if (!url || !list) { return; }

  function choose(value) {
    var radio = input.form.querySelector('input[name="territory_choice"][value="' + value + '"]');
    if (radio) { radio.checked = true; }
  }

  var timer = null;
  var asked = "";
  input.addEventListener("input", function () {
    if (input.value.trim()) { choose("commune"); }
    var query = input.value.trim();
    if (query.length < 2 || query === asked) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      asked = query;
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          var options = (data.results || []).map(function (commune) {
            var option = document.createElement("option");
            option.value = commune.label;  // "Figeac (46)": the form resolves it back
            option.textContent = commune.epci;
            return option;
          });
          list.replaceChildren.apply(list, options);
        })
        .catch(function () { /* no suggestions: the field still works */ });
    }, 200);
  });

  var epci = input.form.querySelector('select[name="target_epci"]');
  if (epci) {
    epci.addEventListener("change", function () { if (epci.value) { choose("epci"); } });
  }
})();
