// Drag and drop for the upload box; without JavaScript the file picker and the button work.
(function () {
  "use strict";
  var drop = document.getElementById("drop");
  var input = document.getElementById("file");
  var form = document.getElementById("upload");
  if (!drop || !input || !form) {
    return;
  }
  // The browser's own file button speaks the browser's language: with script, the box itself
  // is the button and says in Chinese which file is chosen.
  var chosen = document.getElementById("chosen");
  if (chosen) {
    drop.classList.add("js");
    chosen.hidden = false;
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
      if (chosen) {
        chosen.textContent = "已选择：" + input.files[0].name + "，点“校验”开始";
      }
    } else if (chosen) {
      chosen.textContent = "未选择文件";
    }
  });
})();
