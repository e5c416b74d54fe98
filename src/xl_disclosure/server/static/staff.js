// Drag and drop for the upload box; without JavaScript the file picker and the button work.
(function () {
  "use strict";
  var drop = document.getElementById("drop");
  var input = document.getElementById("file");
  var form = document.getElementById("upload");
  if (!drop || !input || !form) {
    return;
  }
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) {
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () {
      drop.classList.remove("over");
    });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      form.submit();
    }
  });
  input.addEventListener("change", function () {
    if (input.files.length) {
      drop.querySelector("strong").textContent = input.files[0].name;
    }
  });
})();
