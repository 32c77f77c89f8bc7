#!/usr/bin/env sh
# Bundles scripts/decap/entry.js (Decap CMS with only what /quan-tri/ uses) into node_modules/.nttv/, offline,
# from the packages `npm ci` installed. `make node_modules` runs it; the build serves the result.
set -eu
cd "$(dirname "$0")/../.."
out=node_modules/.nttv
mkdir -p "$out"
node_modules/.bin/esbuild scripts/decap/entry.js --bundle --minify --format=iife --target=es2020 \
    --define:process.env.NODE_ENV='"production"' --define:global=window \
    --legal-comments=external --log-level=error --outfile="$out/decap-cms.tmp.js"
mv "$out/decap-cms.tmp.js.LEGAL.txt" "$out/decap-cms.js.LICENSE.txt"
mv "$out/decap-cms.tmp.js" "$out/decap-cms.js"
