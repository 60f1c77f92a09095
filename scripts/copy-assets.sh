#!/bin/sh
# Copies GOV.UK Frontend's built files from node_modules into the folder the
# binary embeds. Nothing copied here is committed.
set -eu
src=node_modules/govuk-frontend/dist/govuk
dst=internal/web/static/vendor
rm -rf "$dst"
mkdir -p "$dst"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$dst/"
cp -R "$src/assets" "$dst/assets"
