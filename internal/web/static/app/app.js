// Progressive enhancement only: every page works without this file.
import { initAll } from "__GOVUK_FRONTEND_URL__";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
