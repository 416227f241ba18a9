/**
 * Values published as examples in upstream documentation and RFCs, and copied from there into
 * generated configs, tests and docs everywhere. A published value protects nothing, however
 * random it looks. Each entry says where it was published; keep the list to values seen copied.
 */
const PUBLISHED_EXAMPLES: ReadonlySet<string> = new Set([
  // Talos machine configuration reference (`aescbcEncryptionSecret`, "do not use in production!"),
  // written as a comment into every `talosctl gen config` output.
  'z01mye6j16bspJYtTB/5SFX8j7Ph4JXxM2Xuu4vsBPM=',
  // Talos machine configuration reference: the bootstrap `token` example.
  'wlzjyw.bei2zfylhs2by0wd',
  // ACME challenge `token` examples (RFC 8555 and the challenge-type RFCs built on it).
  'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA',
  'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0',
  // Kubernetes documentation Secret examples ("Managing Secrets using configuration files",
  // kustomize `secretGenerator` literals, "Distribute credentials securely").
  '1f2d1e2e67df',
  '39528$vdg7Jb',
  'S!B\\*d$zDsb=',
  // The Azurite storage emulator's account key for `devstoreaccount1`, the same in every install
  // (Microsoft's "Use the Azurite emulator" docs): it opens only a local emulator.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // MinIO's public `play` server credentials, printed in the MinIO client docs (`mc alias … play`).
  'Q3AM3UQ867SPQQA43P2F',
  'zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG',
  // age's usage text (`age --help`), compiled into every age binary.
  'AGE-SECRET-KEY-1N9JEPW6DWJ0ZQUDX63F5A03GX8QUW7PXDE39N8UYF82VZ9PC8UFS3M7XA9',
])

/** True when `value` is a published example value (see the list above), compared exactly. */
export function isPublishedExample(value: string): boolean {
  return PUBLISHED_EXAMPLES.has(value)
}
