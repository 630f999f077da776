// The live meeting page: keep the current agenda item in view inside the agenda's own scroll box,
// on load and after every htmx swap. Loaded again by boosted navigation, so it installs itself once.
(function () {
  function scroll() {
    var nav = document.querySelector('.live-agenda');
    var current = nav && nav.querySelector('li.current');
    if (nav && current) nav.scrollTop = current.offsetTop - nav.clientHeight / 3;
  }
  scroll();
  if (window.liveAgendaInstalled) return;
  window.liveAgendaInstalled = true;
  document.addEventListener('htmx:after:swap', scroll);
})();
