/* sitegen small enhancements. Each runs only where its data-module element is on the page.
   sg-print: a button that opens the browser's print dialogue (hidden without JavaScript, where
   the text beside it says how to print instead). */
(function () {
  'use strict';
  document.querySelectorAll('[data-module="sg-print"]').forEach(function (holder) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sg-button sg-button--secondary sg-print-button';
    button.textContent = holder.getAttribute('data-label') || 'Print this page';
    button.addEventListener('click', function () { window.print(); });
    holder.appendChild(button);
  });
}());
