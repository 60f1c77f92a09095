#!/bin/sh
# Copies GOV.UK Frontend's built CSS and JavaScript from node_modules into the
# folder the binary embeds (internal/web/static/vendor, git-ignored). Nothing
# copied here is committed.
#
# Deliberately NOT copied:
#   - assets/fonts: GDS Transport is licensed for GOV.UK only. Its two
#     @font-face rules are also taken out of the copied CSS, so no browser
#     ever asks for the files; our app.css sets Arial wherever GOV.UK
#     Frontend names the font.
#   - assets/images and manifest.json: every image there is the crown or the
#     royal crest (favicon, app icons, footer crest). placeboard is not GOV.UK;
#     its own icon lives in internal/web/static/app.
set -eu
src=node_modules/govuk-frontend/dist/govuk
dst=internal/web/static/vendor
if [ ! -f "$src/govuk-frontend.min.css" ]; then
	echo "copy-assets: $src is missing; run npm ci first" >&2
	exit 1
fi
version=$(sed -n 's/^const version="\([^"]*\)".*/\1/p' "$src/govuk-frontend.min.js" | head -n 1)
if [ "$version" != "6.6.0" ]; then
	echo "copy-assets: expected govuk-frontend 6.6.0, found '$version'" >&2
	exit 1
fi
rm -rf "$dst"
mkdir -p "$dst"
cp "$src/govuk-frontend.min.js" "$dst/"
sed 's/@font-face{font-family:GDS Transport;[^}]*}//g' "$src/govuk-frontend.min.css" >"$dst/govuk-frontend.min.css"
if grep -q '/assets/fonts/' "$dst/govuk-frontend.min.css"; then
	echo "copy-assets: could not remove the GDS Transport @font-face rules" >&2
	exit 1
fi
