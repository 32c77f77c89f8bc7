#!/usr/bin/env sh
# Bundles scripts/decap/entry.js (Decap CMS with only what /quan-tri/ uses) and yaml-entry.js (the `yaml`
# package as one script) into node_modules/.nttv/, offline,
# from the packages `npm ci` installed. `make node_modules` runs it; the build serves the result.
set -eu
cd "$(dirname "$0")/../.."
# The banner is V8's explicit compile hint (Chromium 136 and later; other browsers ignore the comment): most of
# Decap runs as soon as it loads, so compiling it all on a background thread while it downloads saves about a
# third of the main thread's time before the sign-in screen. Measured in benchmarks/editor_load.py.
out=node_modules/.nttv
mkdir -p "$out"
node_modules/.bin/esbuild scripts/decap/entry.js --bundle --minify --format=iife --target=es2020 \
    --define:process.env.NODE_ENV='"production"' --define:global=window \
    --legal-comments=external --banner:js='//# allFunctionsCalledOnLoad' \
    --log-level=error --outfile="$out/decap-cms.tmp.js"
mv "$out/decap-cms.tmp.js.LEGAL.txt" "$out/decap-cms.js.LICENSE.txt"
mv "$out/decap-cms.tmp.js" "$out/decap-cms.js"
node_modules/.bin/esbuild scripts/decap/yaml-entry.js --bundle --minify --format=iife --target=es2020 \
    --log-level=error --outfile="$out/yaml.tmp.js"
mv "$out/yaml.tmp.js" "$out/yaml.js"
