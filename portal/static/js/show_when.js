// Progressive enhancement for questions that apply to one answer only:
// <div data-show-when="role=wsp"> shows while the radio (or select) named "role" has the value
// "wsp" ("role=employer,admin" for several). Hidden fields are disabled too, so what the user can
// no longer see is not sent. Without JavaScript every question shows; the server checks as always.
(function () {
  "use strict";
  var blocks = document.querySelectorAll("[data-show-when]");
  if (!blocks.length) { return; }

  function valueOf(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) { return checked.value; }
    var select = form.querySelector('select[name="' + name + '"]');
    return select ? select.value : null;
  }

  function update() {
    blocks.forEach(function (block) {
      var rule = block.getAttribute("data-show-when").split("=");
      var form = block.closest("form") || document;
      var show = rule[1].split(",").indexOf(valueOf(form, rule[0])) !== -1;
      block.hidden = !show;
      block.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !show; });
    });
  }

  document.addEventListener("change", update);
  update();
}());
