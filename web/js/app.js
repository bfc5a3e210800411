// app.js - meso's one script, loaded on every page as
//   <script type="module" src="/assets/app.js"></script>
// A module script is deferred (it runs once the document is parsed) and comes
// from our own origin, so it works under `script-src 'self'` with no inline
// script. GOV.UK Frontend's template marks the body with an inline script; we
// do it here instead: a browser that runs this module supports ES modules,
// which is exactly what `govuk-frontend-supported` means.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
