/* The staff project page: while the welcome kit is being made, its state is
   shown in place (poll_status.js), down to the link of the finished PDF,
   without reloading. Without JavaScript the section has a refresh link. */
(function () {
  "use strict";

  var box = document.getElementById("kit-status");
  var message = document.getElementById("kit-status-message");
  var next = document.getElementById("kit-status-next");
  var progress = document.getElementById("kit-status-progress");
  var download = document.getElementById("kit-status-download");
  var refresh = document.getElementById("kit-status-refresh");

  window.pollStatus(box, function (state) {
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
  });
}());
