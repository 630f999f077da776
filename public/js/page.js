// Loaded on every page (the CSP allows no inline script).
// 1. A boosted navigation swaps only the <body>: carry the new page's <html lang> over, so that a page
//    that arrives in another language (switched in another tab, say) is announced in that language.
document.addEventListener('htmx:after:swap', (event) => {
  const text = event.detail && event.detail.ctx && event.detail.ctx.text;
  const lang = typeof text === 'string' ? /<html\b[^>]*\blang="([^"]+)"/i.exec(text) : null;
  if (lang && document.documentElement.lang !== lang[1]) document.documentElement.lang = lang[1];
});
// 2. Print buttons (data-print) open the browser's print dialog.
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-print]')) window.print();
});
