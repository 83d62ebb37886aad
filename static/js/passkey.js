// Once the browser has registered a passkey (django-otp-webauthn's script saves it), go on to the page that hands
// out the recovery codes. A script file, not inline, so the Content-Security-Policy holds.
document.addEventListener("otp_webauthn.register_complete", function () {
  var done = document.getElementById("passkey-done");
  if (done) window.location.assign(done.href);
});
