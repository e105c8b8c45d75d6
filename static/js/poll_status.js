/* Background work followed in place: `pollStatus(box, show)` asks the JSON
   state at the box's `data-state-url` every two seconds (at most 150 times,
   five seconds after a network error) while the box's `data-status` is
   "pending" or "running", and hands each answer to `show(state)`, which
   returns true when there is nothing more to wait for. Used by the welcome
   kit's section, the person's data copy and the committee PDF; each page
   keeps a refresh link for when JavaScript is off. */
window.pollStatus = function (box, show) {
  "use strict";

  if (!box || !window.fetch) { return; }
  var status = box.getAttribute("data-status");
  if (status !== "pending" && status !== "running") { return; }
  var url = box.getAttribute("data-state-url");
  var tries = 0;

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
};
