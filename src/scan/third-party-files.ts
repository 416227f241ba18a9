/**
 * Files whose text a person did not write as this repository's configuration: vendored dependency
 * trees and the lockfiles package managers write. Both are read by the provider rules only (private
 * keys, tokens with a prefix or checksum, connection strings of known schemes), as a binary's
 * strings are: a key or a registry token committed there is leaked all the same, but a package
 * named `@inquirer/password` or `gtoken` beside its version is no password assignment.
 */
import { isVendoredPath } from '../io/vendored-dirs.js'

// Lockfiles and checksum files of the common package managers (npm, pnpm, Yarn, Bun, Deno, pip/Poetry/
// Pipenv/uv, Go, Cargo, Composer, Bundler, Gradle, NuGet, CocoaPods, SwiftPM, Dart, Mix, Nix,
// Terraform): written by a tool from the manifest, never edited by hand.
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.ya?ml|yarn\.lock|bun\.lock|deno\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|go\.work\.sum|Cargo\.lock|composer\.lock|Gemfile\.lock|gradle\.lockfile|packages\.lock\.json|Podfile\.lock|Package\.resolved|pubspec\.lock|mix\.lock|flake\.lock|\.terraform\.lock\.hcl)$/

/** True when `path` (`/`-separated) is a lockfile written by a package manager. */
export function isLockfile(path: string): boolean {
  return LOCKFILE.test(path)
}

/** True when only the provider rules read the file at `path`: a vendored tree's file or a lockfile. */
export function readByProviderRulesOnly(path: string): boolean {
  return isLockfile(path) || isVendoredPath(path)
}
