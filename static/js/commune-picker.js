/* The staff's commune pickers (crm.widgets.CommuneSelect), improved when
   JavaScript runs: the <select> of 633 communes becomes the public form's
   component, a text field whose suggestions (a <datalist>) name each commune
   with its département, "Cambes (46)" and "Cambes (47)". The server reads the
   text as the public form does (crm.validators.commune_resolve). Without
   JavaScript the <select> stays, its options written the same way. */
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-commune-picker]");
  Array.prototype.forEach.call(selects, function (select) {
    var input = document.createElement("input");
    var list = document.createElement("datalist");
    input.type = "text";
    input.name = select.name;
    input.id = select.id;
    input.className = select.className.replace(/\bform-select\b/, "form-control");
    ["aria-describedby", "aria-invalid", "required", "disabled"].forEach(function (name) {
      if (select.hasAttribute(name)) { input.setAttribute(name, select.getAttribute(name)); }
    });
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    list.id = select.id + "-suggestions";
    input.setAttribute("list", list.id);
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) { return; }  // the empty choice
      var suggestion = document.createElement("option");
      suggestion.value = option.text;
      list.appendChild(suggestion);
    });
    var chosen = select.options[select.selectedIndex];
    input.value = select.getAttribute("data-typed") || (chosen && chosen.value ? chosen.text : "");
    select.replaceWith(input);
    input.after(list);
  });
})();
