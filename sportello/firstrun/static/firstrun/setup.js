/* First-run page: only the chosen channel's fields are shown (without JavaScript every fieldset stays visible). */
(function () {
  "use strict";
  var choices = document.querySelectorAll("[data-channel-choice]");
  var groups = document.querySelectorAll("fieldset[data-channel]");
  function update() {
    var chosen = "later";
    choices.forEach(function (input) { if (input.checked) chosen = input.value; });
    groups.forEach(function (group) { group.hidden = group.dataset.channel !== chosen; });
  }
  choices.forEach(function (input) { input.addEventListener("change", update); });
  update();
})();
