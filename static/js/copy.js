// "Copy BibTeX": shown only where the script runs; without it the text stays selectable and downloadable.
document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
  var target = document.getElementById(button.dataset.copyTarget);
  var status = button.parentElement.querySelector(".copy-status");
  if (!target || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(target.textContent).then(
      function () { if (status) status.textContent = "Copied."; },
      function () { if (status) status.textContent = "Copy failed: select the text and copy it."; }
    );
  });
});
