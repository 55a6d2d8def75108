/* ipoffice: small helpers for forms; every page works without them.
 * - A <select data-follows="id_x"> offers only the options whose data-province is x's value.
 * - Switching the language keeps what was typed in forms marked data-keep: it is put in
 *   sessionStorage (this tab only) and filled back in when the page comes again.
 */
(function () {
  "use strict";

  function follow(select) {
    var leader = document.getElementById(select.dataset.follows);
    if (!leader) { return; }
    var all = Array.prototype.map.call(select.children, function (child) {
      return child.cloneNode(true);
    });
    function update() {
      var chosen = select.value;
      var keep = all.map(function (child) { return child.cloneNode(true); }).filter(function (child) {
        if (child.tagName === "OPTGROUP") {
          var first = child.querySelector("option");
          return !!first && first.dataset.province === leader.value;
        }
        return !child.value;
      });
      select.replaceChildren.apply(select, keep);
      select.value = chosen;
      if (select.value !== chosen) { select.value = ""; }
    }
    leader.addEventListener("change", update);
    update();
  }

  var DRAFT = "ipoffice-draft:" + location.pathname;

  function keepable(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "website" &&
        el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }

  function saveDrafts() {
    var drafts = [];
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      var values = {};
      keepable(form).forEach(function (el) {
        values[el.name] = (el.type === "checkbox" || el.type === "radio") ? el.checked : el.value;
      });
      drafts.push(values);
    });
    if (drafts.length) {
      try { sessionStorage.setItem(DRAFT, JSON.stringify(drafts)); } catch (e) { /* storage off */ }
    }
  }

  function restoreDrafts() {
    var saved;
    try { saved = sessionStorage.getItem(DRAFT); sessionStorage.removeItem(DRAFT); } catch (e) { return; }
    if (!saved) { return; }
    var drafts = JSON.parse(saved);
    document.querySelectorAll("form[data-keep]").forEach(function (form, i) {
      var values = drafts[i] || {};
      keepable(form).forEach(function (el) {
        if (!(el.name in values)) { return; }
        if (el.type === "checkbox" || el.type === "radio") { el.checked = values[el.name]; }
        else { el.value = values[el.name]; }
        el.dispatchEvent(new Event("change"));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    restoreDrafts();
    document.querySelectorAll("select[data-follows]").forEach(follow);
    var language = document.getElementById("language-switch");
    if (language) {
      language.addEventListener("change", function () {
        saveDrafts();
        language.form.submit();
      });
    }
  });
})();
