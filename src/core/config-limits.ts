/** Limits on the configuration files a pull request may change (`gitseal.yaml`, `.sops.yaml`). */

/**
 * Largest configuration file read, in bytes. Real ones are a few KiB; the YAML library needs ~100×
 * a file's size in memory, and a 20 MB `.sops.yaml` took 87 s and 2.7 GB to encrypt one file.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024
