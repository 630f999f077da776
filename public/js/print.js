// The Print button of official documents: opens the browser's print dialog (the print stylesheet lays the
// page out per GB/T 9704). Loaded again by boosted navigation, so it installs itself once.
(function () {
  if (window.printButtonInstalled) return;
  window.printButtonInstalled = true;
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-print]')) window.print();
  });
})();
