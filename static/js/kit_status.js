/* The staff project page: while the welcome kit is being made, ask for its
   state every two seconds (a small JSON answer) and show it in place, down
   to the link of the finished PDF, without reloading. Without JavaScript the
   section has a refresh link. */
(function () {
  "use strict";

  var box = document.getElementById("kit-status");
  if (!box || !window.fetch) { return; }
  var status = box.getAttribute("data-status");
  if (status !== "pending" && status !== "running") { return; }
  var url = box.getAttribute("data-state-url");
  var message = document.getElementById("kit-status-message");
  var next = document.getElementById("kit-status-next");
  var progress = document.getElementById("kit-status-progress");
  var download = document.getElementById("kit-status-download");
  var refresh = document.getElementById("kit-status-refresh");
  var tries = 0;

  function show(state) {
    if (state.message && message.textContent !== state.message) { message.textContent = state.message; }
    if (next.textContent !== (state.next || "")) { next.textContent = state.next || ""; }
    box.setAttribute("data-status", state.status);
    if (state.status === "pending" || state.status === "running") { return false; }
    // Finished (or failed, or waiting for a later refresh): stop asking.
    if (progress) { progress.hidden = true; }
    if (refresh) { refresh.hidden = true; }
    if (state.download_url) {
      download.setAttribute("href", state.download_url);
      download.hidden = false;
    }
    return true;
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
