// The page behaviour that used to sit in inline handlers; the Content-Security-Policy
// allows scripts from this site only (docs/security.md#headers-and-csp).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var language = document.getElementById("language-switch");
  if (language) {
    language.addEventListener("change", function () { language.form.submit(); });
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
