// Starts GOV.UK Frontend's components (menus, error summaries, character counts).
// Every page works without it: this only adds to what the server sends.
import { initAll } from "./govuk-frontend.min.js";

initAll();
