// Progressive enhancement only: every page works without this file.
import { initAll } from "__GOVUK_FRONTEND_URL__";
import { enhanceSelects } from "./autocomplete.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
enhanceSelects(document);
