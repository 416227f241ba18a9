#!/bin/sh
# Makes the folder BENCH_REAL_REPOS expects: one tree per repository listed in bench/real-repos.json
# (and bench/real-repos-<part>.json),
# named <owner>+<name> and checked out at the listed commit (judgements are by file and line, so
# any other commit scores wrongly). Needs git and internet; existing folders are left as they are.
#   sh bench/real-repos.sh ~/real-repos && BENCH_REAL_REPOS=~/real-repos npm run bench -- scan-real
# Without internet, REAL_REPOS_MIRRORS names a folder of local copies, <owner>+<name>/repo (a git
# directory holding the commit), cloned from instead of the URL.
set -eu
dest=${1:?usage: sh bench/real-repos.sh <folder>}
here=$(dirname "$0")
mkdir -p "$dest"
# Every listed repository: real-repos.json's and those of the parts kept in files of their own.
node --input-type=module -e 'const { loadRealRepos } = await import(process.argv[1]); for (const r of loadRealRepos().repositories) console.log(r.name, r.url, r.commit)' \
  "$(cd "$here" && pwd)/real-repos.mjs" |
  while read -r name url commit; do
    if [ -d "$dest/$name" ]; then echo "$name: present, skipped"; continue; fi
    # Built aside and moved into place whole, so a failed run leaves no tree that a rerun would skip.
    part=$dest/$name.part
    rm -rf "$part"
    trap 'rm -rf "$part"' EXIT
    mirror=${REAL_REPOS_MIRRORS:-}/$name/repo
    if [ -n "${REAL_REPOS_MIRRORS:-}" ] && [ -d "$mirror" ]; then
      # Shared, not fetched: a snapshot that lacks its largest blobs cannot be packed.
      git clone -q --shared --no-checkout "$mirror" "$part"
    else
      git init -q "$part"
      git -C "$part" fetch -q --depth 1 "$url" "$commit" || git -C "$part" fetch -q "$url"
    fi
    # git checks out every other file and still exits 0 when blobs are missing: name them.
    git -C "$part" -c advice.detachedHead=false checkout -q "$commit" 2>/dev/null
    test "$(git -C "$part" rev-parse HEAD)" = "$commit"
    git -C "$part" ls-files -d >"$part/.git/missing-blobs"
    mv "$part" "$dest/$name"
    trap - EXIT
    missing=$(wc -l <"$dest/$name/.git/missing-blobs")
    if [ "$missing" -eq 0 ]; then echo "$name: $commit"; else
      echo "$name: $commit, $missing files absent (blobs the snapshot lacks; listed in $dest/$name/.git/missing-blobs)"
    fi
  done
