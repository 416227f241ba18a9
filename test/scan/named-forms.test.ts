/**
 * Named values the generic rules read beyond `name = value` (red team 19 A9–A11): Dockerfile's
 * legacy `ENV NAME value`, PHP `define('NAME', '…')`, C `#define NAME "…"`, `os.environ["NAME"] = "…"`
 * / Ruby `ENV["NAME"] = "…"`, and a Terraform variable's `default`. Values are random per run.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const detector = createDetector()
const random = (): string => randomBytes(18).toString('base64').replace(/[/+=]/g, '') + 'x9Q'
const lines = (path: string, text: string): number[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.line)

describe('named values in other spellings (red team 19 A9–A11)', () => {
  it('Dockerfile ENV NAME value (space form), bare or quoted, in every Dockerfile name', () => {
    for (let i = 0; i < 20; i++) {
      const text = `FROM alpine\nENV DB_PASSWORD ${random()}\nENV API_TOKEN "${random()}"\nENV PATH /usr/local/bin\nENV DB_PASSWORD $FROM_ARG\n`
      for (const path of ['Dockerfile', 'app/Containerfile', 'Dockerfile.prod', 'build/api.dockerfile'])
        expect(lines(path, text), path).toEqual([2, 3])
    }
    // Outside a Dockerfile `ENV NAME value` is no assignment.
    expect(lines('notes.txt', `ENV DB_PASSWORD ${random()}\n`)).toEqual([])
  })

  it('PHP define(), C #define, environment and map entries assigned by name', () => {
    for (let i = 0; i < 20; i++) {
      expect(
        lines(
          'wp-config.php',
          `<?php\ndefine( 'DB_PASSWORD', '${random()}' );\ndefine('DB_USER', 'wordpress');\n`,
        ),
      ).toEqual([2])
      expect(lines('config.h', `#define VERSION "1.2.3"\n#define DB_PASSWORD "${random()}"\n`)).toEqual([2])
      expect(lines('settings.py', `import os\nos.environ["DB_PASSWORD"] = "${random()}"\n`)).toEqual([2])
      expect(lines('boot.rb', `ENV['API_TOKEN'] ||= '${random()}'\n`)).toEqual([1])
    }
    // A comparison is not an assignment; placeholders stay placeholders.
    expect(lines('check.py', `if os.environ["DB_PASSWORD"] == "${random()}":\n  pass\n`)).toEqual([])
    expect(lines('wp-config.php', "define( 'DB_PASSWORD', 'password_here' );\n")).toEqual([])
  })

  it("a Terraform variable's default under a secret-like name", () => {
    for (let i = 0; i < 20; i++) {
      const text = `variable "region" {\n  default = "us-east-1"\n}\n\nvariable "db_password" {\n  type        = string\n  description = "root password"\n  default     = "${random()}"\n}\n`
      expect(lines('variables.tf', text)).toEqual([8])
    }
    expect(lines('variables.tf', 'variable "api_token" {\n  default = "${var.other}"\n}\n')).toEqual([])
    expect(
      lines(
        'variables.tf',
        'variable "db_password" {\n  sensitive = true\n}\nlocals {\n  default = "abcdefghXYZ12345"\n}\n',
      ),
    ).toEqual([])
  })

  it('kubectl create secret --from-literal under a neutral name: a random value is a Secret value (A13)', () => {
    for (let i = 0; i < 20; i++) {
      expect(
        lines('deploy.sh', `kubectl create secret generic app --from-literal=key=${random()}\n`),
      ).toEqual([1])
      const continued = `kubectl create secret generic app \\\n  --from-literal=user=admin \\\n  --from-literal=key=${random()}\n`
      expect(lines('deploy.sh', continued)).toEqual([3])
      // A ConfigMap's literal is no secret; expansions, placeholders, host names are not reported.
      expect(lines('deploy.sh', `kubectl create configmap app --from-literal=key=${random()}\n`)).toEqual([])
    }
    const neutral =
      'kubectl create secret generic c --from-literal=hostid=MYCONJURHOSTID --from-literal=key=$KEY \\\n  --from-literal=zones="example.com" --from-literal=user=kubeflow-oidc-authservice\n'
    expect(lines('README.md', neutral)).toEqual([])
  })
})
