// Copies GOV.UK Frontend's script and the portal's own into static/portal.
// The source-map comment is dropped: the map is not shipped, and Django's
// manifest storage would fail looking for it.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";

const govuk = readFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "utf8");
writeFileSync("static/portal/govuk-frontend.min.js", govuk.replace(/\/\/# sourceMappingURL=\S*\s*$/, "\n"));
for (const name of ["portal.mjs", "js-enabled.js"]) {
  copyFileSync(`static-src/js/${name}`, `static/portal/${name}`);
}
