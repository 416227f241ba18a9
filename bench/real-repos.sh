#!/bin/sh
# Makes the folder BENCH_REAL_REPOS expects: one tree per repository listed in bench/real-repos.json,
# named <owner>+<name> and checked out at the listed commit (judgements are by file and line, so
# any other commit scores wrongly). Needs git and internet; existing folders are left as they are.
#   sh bench/real-repos.sh ~/real-repos && BENCH_REAL_REPOS=~/real-repos npm run bench -- scan-real
# Without internet, REAL_REPOS_MIRRORS names a folder of local copies, <owner>+<name>/repo (a git
# directory holding the commit), cloned from instead of the URL.
set -eu
dest=${1:?usage: sh bench/real-repos.sh <folder>}
here=$(dirname "$0")
mkdir -p "$dest"
node -e 'for (const r of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).repositories) console.log(r.name, r.url, r.commit)' \
  "$here/real-repos.json" |
  while read -r name url commit; do
    if [ -d "$dest/$name" ]; then echo "$name: present, skipped"; continue; fi
    mirror=${REAL_REPOS_MIRRORS:-}/$name/repo
    if [ -n "${REAL_REPOS_MIRRORS:-}" ] && [ -d "$mirror" ]; then
      # Shared, not fetched: a snapshot that lacks its largest blobs cannot be packed.
      git clone -q --shared --no-checkout "$mirror" "$dest/$name"
    else
      git init -q "$dest/$name"
      git -C "$dest/$name" fetch -q --depth 1 "$url" "$commit" || git -C "$dest/$name" fetch -q "$url"
    fi
    git -C "$dest/$name" -c advice.detachedHead=false checkout -q "$commit"
    echo "$name: $commit"
  done
