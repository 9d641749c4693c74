#!/usr/bin/env bash
# Refetches the vendored GraphiQL assets from the npm registry and checks them
# against SHA256SUMS. The server compiles these files into its binary so that
# /graphiql works with no network.
#
#   api/assets/graphiql/fetch.sh            fetch, then verify against SHA256SUMS
#   api/assets/graphiql/fetch.sh --update   fetch and rewrite SHA256SUMS (after a version bump)
set -euo pipefail
cd "$(dirname "$0")"

GRAPHIQL=3.8.3   # the last major with a single-file (UMD) build
REACT=18.3.1     # React 19 ships no UMD build

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null)
for pkg in graphiql-$GRAPHIQL react-$REACT react-dom-$REACT; do
  mkdir -p "$work/$pkg" && tar xzf "$work/$pkg.tgz" -C "$work/$pkg"
done

cp "$work/graphiql-$GRAPHIQL/package/graphiql.min.js" graphiql.min.js
cp "$work/graphiql-$GRAPHIQL/package/graphiql.min.css" graphiql.min.css
cp "$work/graphiql-$GRAPHIQL/package/LICENSE" LICENSE.graphiql
cp "$work/react-$REACT/package/umd/react.production.min.js" react.production.min.js
cp "$work/react-$REACT/package/LICENSE" LICENSE.react
cp "$work/react-dom-$REACT/package/umd/react-dom.production.min.js" react-dom.production.min.js
cp "$work/react-dom-$REACT/package/LICENSE" LICENSE.react-dom

files="graphiql.min.js graphiql.min.css react.production.min.js react-dom.production.min.js"
if [ "${1:-}" = "--update" ]; then
  sha256sum $files > SHA256SUMS
  echo "SHA256SUMS rewritten for graphiql@$GRAPHIQL, react@$REACT"
else
  sha256sum --check SHA256SUMS
fi
