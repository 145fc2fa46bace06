// Token fields: a textarea with one phrase per line (or separated by commas) shown as removable chips.
// The textarea stays the source of truth, so the form works the same without this script.
(function () {
  "use strict";
  function split(value) {
    var seen = {}, out = [];
    value.split(/[\n,;]+/).forEach(function (part) {
      var word = part.replace(/\s+/g, " ").trim();
      if (word && !seen[word.toLowerCase()]) { seen[word.toLowerCase()] = true; out.push(word); }
    });
    return out;
  }
  function enhance(area) {
    var list = document.createElement("ul");
    list.className = "settings-chips";
    list.setAttribute("aria-label", area.dataset.tokensLabel || (area.labels && area.labels[0] ? area.labels[0].textContent : ""));
    area.insertAdjacentElement("afterend", list);
    function draw() {
      list.textContent = "";
      split(area.value).forEach(function (word) {
        var item = document.createElement("li");
        item.className = "settings-chip";
        item.appendChild(document.createTextNode(word + " "));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "settings-chip__remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", (document.documentElement.lang === "it" ? "Rimuovi " : "Remove ") + word);
        remove.addEventListener("click", function () {
          area.value = split(area.value).filter(function (w) { return w !== word; }).join("\n");
          draw();
          area.focus();
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    }
    area.addEventListener("input", draw);
    area.addEventListener("blur", function () { area.value = split(area.value).join("\n"); draw(); });
    draw();
  }
  document.querySelectorAll("textarea[data-tokens]").forEach(enhance);
})();
