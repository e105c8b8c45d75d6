/* The person's data copy: while it is being prepared, ask for its state
   every two seconds and show it (progress, then the two files), without
   reloading. Without JavaScript the page has a refresh link. */
(function () {
  "use strict";

  var box = document.getElementById("data-export");
  if (!box || !window.fetch) { return; }
  var status = box.getAttribute("data-status");
  if (status !== "pending" && status !== "running") { return; }
  var url = box.getAttribute("data-state-url");
  var message = document.getElementById("data-export-message");
  var bar = document.getElementById("data-export-progress");
  var files = document.getElementById("data-export-files");
  var refresh = document.getElementById("data-export-refresh");
  var tries = 0;

  function show(state) {
    if (message && state.message) { message.textContent = state.message; }
    if (bar) { bar.value = state.progress; bar.textContent = state.progress + " %"; }
    if (state.status === "done" && state.files) {
      document.getElementById("data-export-pdf").setAttribute("href", state.files.pdf);
      document.getElementById("data-export-json").setAttribute("href", state.files.json);
      files.hidden = false;
      if (bar) { bar.hidden = true; var label = document.querySelector('label[for="data-export-progress"]'); if (label) { label.hidden = true; } }
      if (refresh) { refresh.hidden = true; }
      return true;
    }
    if (state.status === "failed") {
      // The page offers to ask again: show it as it is now.
      window.location.reload();
      return true;
    }
    return false;
  }

  function ask() {
    tries += 1;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && show(state)) { return; }
        if (tries < 150) { window.setTimeout(ask, 2000); }
      })
      .catch(function () { if (tries < 150) { window.setTimeout(ask, 5000); } });
  }

  window.setTimeout(ask, 1000);
}());
