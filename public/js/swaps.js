// After an htmx swap: move focus to the updated area's heading (marked data-swap-heading, tabindex=-1)
// when the user was working inside that area (their button or field has just been replaced), and read
// out what happened (the element marked data-announce) in the page's polite live region. Typing in a
// filter outside the area keeps its focus. Loaded again by boosted navigation, so it installs itself once.
(function () {
  if (window.swapsInstalled) return;
  window.swapsInstalled = true;
  var wasInside = false;
  document.addEventListener('htmx:before:swap', function (e) {
    var ctx = e.detail && e.detail.ctx;
    var target = ctx && ctx.target && ctx.target.nodeType === 1 ? ctx.target : null;
    var active = document.activeElement;
    wasInside = !!(target && active && active !== document.body && target.contains && target.contains(active));
  });
  document.addEventListener('htmx:after:settle', function (e) {
    var content = (e.detail && e.detail.newContent) || [];
    for (var i = 0; i < content.length; i++) {
      var area = content[i];
      if (!area || !area.querySelector) continue;
      var heading = area.matches('[data-swap-heading]') ? area : area.querySelector('[data-swap-heading]');
      var active = document.activeElement;
      var lost = !active || active === document.body || !active.isConnected;
      if (heading && (wasInside || lost || area.contains(active))) heading.focus({ preventScroll: false });
      var message = area.matches('[data-announce]') ? area : area.querySelector('[data-announce]');
      var region = document.getElementById('announcer');
      if (region && message) {
        var text = message.textContent.trim();
        // Emptied first, so the same message twice in a row is read out again.
        region.textContent = '';
        setTimeout(function () {
          region.textContent = text;
        }, 50);
      }
    }
  });
})();
