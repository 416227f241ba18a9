/** Limits on the configuration files a pull request may change (`gitseal.yaml`, `.sops.yaml`). */

/**
 * Largest configuration file read, in bytes. Real ones are a few KiB; the YAML library needs ~100×
 * a file's size in memory, and a 20 MB `.sops.yaml` took 87 s and 2.7 GB to encrypt one file.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024

/**
 * Most `.sops.yaml` creation rules read. A scan asks every file of the tree which rule decides it,
 * so its cost is files × rules: 1 MiB holds 9,000 rules, and 3,000 files took 47 s against them.
 * Real files have a few dozen; with this many, 10,000 files cost a few seconds.
 */
export const MAX_CREATION_RULES = 1000

/**
 * Most gitseal.yaml policy rules read: `status` and `protect` match every file against them in
 * order, so 14,000 rules (840 KB) cost 6 ms per Secret file (10,000 files: a minute). Real files
 * have a few dozen.
 */
export const MAX_POLICY_RULES = 1000
