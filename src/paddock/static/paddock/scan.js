// Camera scanning at the check-in desk: progressive enhancement. The button stays hidden
// unless the browser has BarcodeDetector; a scanned QR code fills the code field and sends
// the form, exactly as a keyboard-wedge scanner would.
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var field = document.getElementById(button.dataset.codeField);
  var video = document.getElementById(button.dataset.video);
  var errorBox = document.getElementById("scan-error");
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
  }

  function submit(code) {
    stop();
    field.value = code;
    field.form.requestSubmit();
  }

  function watch(detector) {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length > 0 && codes[0].rawValue) {
        submit(codes[0].rawValue);
      } else {
        window.setTimeout(function () { watch(detector); }, 250);
      }
    }).catch(function () {
      window.setTimeout(function () { watch(detector); }, 500);
    });
  }

  function start() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        errorBox.hidden = true;
        return video.play();
      })
      .then(function () { watch(detector); })
      .catch(function () {
        stop();
        errorBox.textContent = button.dataset.cameraError;
        errorBox.hidden = false;
      });
  }

  // Some platforms define BarcodeDetector without any format behind it: ask first.
  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    button.hidden = formats.indexOf("qr_code") === -1;
  }).catch(function () { button.hidden = true; });
  button.addEventListener("click", function () {
    if (stream) {
      stop();
    } else {
      start();
    }
  });
})();
