// Record a prompt in the browser (MediaRecorder, WebM/Opus) and put it into the upload form's file input,
// so the normal upload converts and stores it like any uploaded file. Shown only where recording works.
(function () {
  "use strict";
  function setup(form) {
    var box = form.querySelector("[data-recorder]");
    var input = form.querySelector("input[type=file][name=file]");
    if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
    box.hidden = false;
    var start = box.querySelector("[data-record]");
    var stop = box.querySelector("[data-stop]");
    var status = box.querySelector("[data-recorder-status]");
    var player = box.querySelector("[data-recording]");
    var recorder = null;
    var chunks = [];
    var started = 0;
    var timer = null;

    function say(text) { status.textContent = text; }

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var type = MediaRecorder.isTypeSupported("audio/webm;codecs=opus") ? "audio/webm;codecs=opus" : "";
        recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        chunks = [];
        recorder.ondataavailable = function (event) { if (event.data.size) chunks.push(event.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          clearInterval(timer);
          var blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
          var stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
          var file = new File([blob], "recording-" + stamp + ".webm", { type: blob.type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          player.src = URL.createObjectURL(blob);
          player.hidden = false;
          say("Recorded " + Math.round((Date.now() - started) / 100) / 10 + " s: listen, then Upload (or record again).");
          start.disabled = false;
          stop.disabled = true;
        };
        recorder.start(250);
        started = Date.now();
        timer = setInterval(function () { say("Recording… " + Math.round((Date.now() - started) / 1000) + " s"); }, 500);
        say("Recording…");
        start.disabled = true;
        stop.disabled = false;
      }).catch(function (error) {
        say("The microphone cannot be used here (" + error.name + "): upload a file instead.");
      });
    });
    stop.addEventListener("click", function () { if (recorder && recorder.state !== "inactive") recorder.stop(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[id=upload-form]").forEach(setup);
  });
})();
