// Entries' ids used to be bare slugs (/faqs/glossary/#phd); they now carry a prefix
// (#term-phd) so that no slug can take an id the page needs, such as #main. Links made
// before still land on their entry. The prefix comes from the script tag's
// data-anchor-prefix.
(function () {
  var prefix = document.currentScript && document.currentScript.dataset.anchorPrefix;
  var old;
  try {
    old = decodeURIComponent(location.hash.slice(1));
  } catch (error) {
    return;
  }
  if (!prefix || !old || document.getElementById(old)) {
    return;
  }
  var target = document.getElementById(prefix + old);
  if (target) {
    location.replace("#" + target.id);
  }
})();
