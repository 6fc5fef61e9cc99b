// Before the interactive bundle has arrived (seconds on a weak link), the
// page's controls still work: links and forms are plain HTML, and a changed
// list box, which has no button of its own, sends its GET form, so a choice
// made early is not lost. Once the bundle's navigator runs
// (body[data-navigator]) it sends forms itself and this does nothing.
(function () {
  document.addEventListener('change', function (event) {
    var body = document.body;
    if (body && body.hasAttribute('data-navigator')) return;
    var field = event.target;
    if (field && field.tagName === 'SELECT' && field.form &&
        (field.form.getAttribute('method') || 'get').toLowerCase() === 'get') {
      field.form.submit();
    }
  });
})();
