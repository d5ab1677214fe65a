// Intake form: while a name is typed, ask the server for likely matches across spellings and
// offer to attach the visit to one of them. Without JavaScript the server asks on submit.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) return;
  var box = document.getElementById("matches");
  var list = document.getElementById("match-list");
  var hidden = form.querySelector("input[name=match]");
  var tpl = document.getElementById("match-template");
  var conf = JSON.parse(document.getElementById("intake-i18n").textContent);
  var timer = null, seen = {};

  function choose(value) { hidden.value = value; }
  list.addEventListener("change", function (e) {
    if (e.target.name === "match_choice") choose(e.target.value);
  });

  function add(m) {
    if (seen[m.id]) return;
    seen[m.id] = true;
    var li = tpl.content.firstElementChild.cloneNode(true);
    var input = li.querySelector("input"), label = li.querySelector("label"), link = li.querySelector("a");
    input.id = "match-" + m.id; input.value = String(m.id);
    label.htmlFor = input.id;
    label.textContent = conf.attach + " " + m.name + " (" + m.status + ")";
    link.href = "/persons/" + m.id + "/";
    list.insertBefore(li, list.querySelector("li.new"));
    box.hidden = false;
  }

  function check() {
    var names = ["name_1", "name_2", "name_3"].map(function (n) { return form.elements[n].value.trim(); })
      .filter(function (v) { return v.length >= 3; });
    names.forEach(function (q) {
      fetch(conf.matchesUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {matches: []}; })
        .then(function (data) { data.matches.forEach(add); })
        .catch(function () {});
    });
  }

  ["name_1", "name_2", "name_3"].forEach(function (n) {
    form.elements[n].addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
  });
})();
