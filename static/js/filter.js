// The publication filter: text, year, section, "selected only". Without this script the full list shows and the
// form stays hidden. No inline script anywhere, so the Content-Security-Policy holds.
(function () {
  "use strict";
  var form = document.getElementById("pub-filter");
  if (!form) return;
  var status = form.querySelector(".filter-status");
  // The entries, and each entry's words, are looked up at the first use, not at load (on a long list that would
  // hold up the page on a slow phone).
  var entries = null, sections = null, texts = null;

  function apply() {
    if (!entries) {
      entries = Array.prototype.slice.call(document.querySelectorAll("#publications li.publication"));
      sections = Array.prototype.slice.call(document.querySelectorAll("#publications .pub-section"));
    }
    var words = form.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && !texts) {
      texts = entries.map(function (li) { return li.textContent.toLowerCase().replace(/\s+/g, " "); });
    }
    var year = form.year.value;
    var section = form.section.value;
    var selectedOnly = form.selected ? form.selected.checked : false;
    var shown = 0;
    entries.forEach(function (li, i) {
      var match = (!year || li.dataset.year === year) &&
        (!section || li.closest(".pub-section").id === "section-" + section) &&
        (!selectedOnly || li.hasAttribute("data-selected")) &&
        words.every(function (word) { return texts[i].indexOf(word) !== -1; });
      li.hidden = !match;
      if (match) shown += 1;
    });
    sections.forEach(function (block) {
      block.hidden = !block.querySelector("li.publication:not([hidden])");
    });
    var filtering = words.length || year || section || selectedOnly;
    status.textContent = filtering ? shown + " of " + entries.length + " publications shown." : "";
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
