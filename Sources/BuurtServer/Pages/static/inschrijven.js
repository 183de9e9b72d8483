// buurt: address suggestions for the enrollment form (an ARIA 1.2 combobox with a listbox).
// The form works without this script; it only suggests register addresses while one types.
"use strict";
(function () {
  // A form sent back with errors: the summary takes the focus, so it is read first.
  var summary = document.getElementById("fouten");
  if (summary) summary.focus();
  var input = document.getElementById("adres");
  var list = document.getElementById("adres-lijst");
  if (!input || !list || !window.fetch) return;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "adres-lijst");
  input.setAttribute("autocomplete", "off");
  var timer = null;
  var active = -1;
  var asked = 0;

  function options() { return list.querySelectorAll("[role=option]"); }
  function close() {
    asked++; // a reply still on its way opens nothing
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function mark(k) {
    var all = options();
    if (!all.length) return;
    active = (k + all.length) % all.length;
    for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === active ? "true" : "false");
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }
  function choose(option) {
    input.value = option.getAttribute("data-label");
    close();
    // A street was chosen: the house number still has to be typed.
    if (option.getAttribute("data-street") === "true") { input.value += " "; ask(); }
    input.focus();
  }
  function show(suggestions) {
    list.textContent = "";
    active = -1;
    suggestions.forEach(function (s, k) {
      var li = document.createElement("li");
      li.id = "adres-optie-" + k;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-label", s.house_number === null ? s.street : s.label);
      li.setAttribute("data-street", s.house_number === null ? "true" : "false");
      li.textContent = s.label;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
      list.appendChild(li);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
  }
  function ask() {
    var q = input.value;
    if (q.trim().length < 2) { close(); return; }
    var mine = ++asked;
    fetch("/v1/addresses/suggest?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (body) { if (mine === asked) show(body.suggestions || []); })
      .catch(function () { close(); });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", function (e) {
    var open = !list.hidden && options().length > 0;
    if (e.key === "ArrowDown") { if (open) { mark(active + 1); } else { ask(); } e.preventDefault(); }
    else if (e.key === "ArrowUp" && open) { mark(active - 1); e.preventDefault(); }
    else if (e.key === "Enter" && open && active >= 0) { choose(options()[active]); e.preventDefault(); }
    else if (e.key === "Escape" && open) { close(); e.preventDefault(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
