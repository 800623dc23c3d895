(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  var active = null;
  var status = document.getElementById("filter-status");

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function applyFilter() {
    each("#article-text mark.q", function (el) {
      el.classList.toggle("dim", active !== null && el.getAttribute("data-actor") !== active);
    });
    each("#article-text span.ev", function (el) {
      var owners = (el.getAttribute("data-actors") || "").split(" ");
      el.classList.toggle("dim", active !== null && owners.indexOf(active) < 0);
    });
    each("tr.stance", function (el) {
      el.classList.toggle("hidden", active !== null && el.getAttribute("data-actor") !== active);
    });
    each("button.actor-filter", function (el) {
      el.setAttribute("aria-pressed", String(el.getAttribute("data-actor") === active));
    });
    if (status) {
      var name = "";
      each("button.actor-filter", function (el) {
        if (el.getAttribute("data-actor") === active) { name = el.textContent; }
      });
      status.hidden = active === null;
      var label = status.querySelector(".who");
      if (label) { label.textContent = name; }
    }
  }

  each("button.actor-filter", function (el) {
    el.addEventListener("click", function () {
      var key = el.getAttribute("data-actor");
      active = active === key ? null : key;
      applyFilter();
    });
  });
  each("button.show-all", function (el) {
    el.addEventListener("click", function () { active = null; applyFilter(); });
  });

  function flash(key) {
    each('[data-ev="' + key + '"]', function (el) {
      el.classList.remove("flash");
      void el.offsetWidth;
      el.classList.add("flash");
    });
  }

  function showEvidence(keys) {
    if (!keys.length) { return; }
    var first = document.getElementById(keys[0]);
    if (first) { first.scrollIntoView({ block: "center", behavior: "auto" }); }
    keys.forEach(flash);
  }

  each("tr.stance", function (row) {
    row.addEventListener("click", function (event) {
      event.preventDefault();
      var keys = (row.getAttribute("data-evidence") || "").split(" ").filter(Boolean);
      showEvidence(keys);
    });
  });

  if (/^#ev-[0-9]+-[0-9]+$/.test(location.hash)) { flash(location.hash.slice(1)); }
})();
