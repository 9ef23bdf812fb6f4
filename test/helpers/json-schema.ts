import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {Ajv2020, type ValidateFunction} from 'ajv/dist/2020.js'

/** schemas/ at the repository root: one JSON Schema per command result, plus defs.json and error.json. */
export const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas')

let ajv: Ajv2020 | undefined

/** Every schema file, loaded once into one Ajv (strict mode, so a typo in a schema fails loudly). */
function loadAjv(): Ajv2020 {
  if (ajv) return ajv
  const instance = new Ajv2020({allErrors: true, strict: true, strictRequired: false, strictTypes: false})
  for (const file of readdirSync(schemasDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    instance.addSchema(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as object)
  }

  ajv = instance
  return instance
}

/** The compiled validator of schemas/<name>.json. */
export function schemaValidator(name: string): ValidateFunction {
  const validate = loadAjv().getSchema(`${name}.json`)
  if (!validate) throw new Error(`no schema schemas/${name}.json`)
  return validate
}

/** Fails, listing every violation, unless `value` matches schemas/<name>.json. */
export function assertMatchesSchema(name: string, value: unknown): void {
  const validate = schemaValidator(name)
  if (validate(value)) return
  const problems = (validate.errors ?? []).map(
    (e) => `  ${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  )
  assert.fail(`value does not match schemas/${name}.json:\n${problems.join('\n')}`)
}

/** Parses a command's --json stdout and checks it against schemas/<name>.json. */
export function parseJsonOutput<T>(name: string, stdout: string): T {
  let value: unknown
  try {
    value = JSON.parse(stdout)
  } catch {
    assert.fail(`stdout is not JSON:\n${stdout}`)
  }

  assertMatchesSchema(name, value)
  return value as T
}

/** The `{error: ...}` shape of a failed --json run. */
export interface JsonError {
  error: {
    code: string
    details?: {
      findings?: Array<{code: string; hint?: string; message: string; severity: string}>
      [key: string]: unknown
    }
    exit: number
    hint?: string
    message: string
  }
}

/** Parses a --json failure from stdout, checks it against error.json and that `exit` is the process exit code. */
export function parseJsonError(run: {exitCode: number; stdout: string}): JsonError['error'] {
  const {error} = parseJsonOutput<JsonError>('error', run.stdout)
  assert.equal(
    error.exit,
    run.exitCode,
    `JSON error exit ${error.exit} differs from the process exit code ${run.exitCode}`,
  )
  return error
}

const KEY_FIELDS = ['privateKey', 'private_key', 'key']

/**
 * The schema must refuse a private key anywhere: a `privateKey` (or `private_key`, `key`) field
 * added to any object of `value`, one at a time, must make validation fail.
 */
export function assertSchemaRefusesPrivateKeys(name: string, value: unknown): void {
  const validate = schemaValidator(name)
  const paths: Array<Array<number | string>> = []
  const walk = (node: unknown, path: Array<number | string>): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, [...path, i])
    } else if (node !== null && typeof node === 'object') {
      paths.push(path)
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k])
    }
  }

  walk(value, [])
  assert.ok(paths.length > 0, 'value has no object to check')
  for (const path of paths) {
    for (const field of KEY_FIELDS) {
      const copy = structuredClone(value) as Record<number | string, unknown>
      let target = copy as Record<number | string, unknown>
      for (const step of path) target = target[step] as Record<number | string, unknown>
      if (field in target) continue // certs:inspect's `key` is its public-key summary
      target[field] = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'
      assert.ok(!validate(copy), `schemas/${name}.json accepts a ${field} field at /${path.join('/')}`)
    }
  }
}

/**
 * Output with every certificate PEM block (raw, or inside a JSON string with `\\n` escapes)
 * replaced by `[certificate]`, after checking that each block really is a certificate. A
 * certificate holds its public key, and an RSA private key file holds the same modulus, so a
 * 40-character window of the key's base64 can also occur in the certificate's: scan for secrets
 * in what remains.
 */
export function withoutCertificates(text: string): string {
  return text.replaceAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g, (_block, body: string) => {
    const der = Buffer.from(body.replaceAll(/\\n|\s/g, ''), 'base64')
    assert.doesNotThrow(() => new X509Certificate(der), 'a CERTIFICATE block of the output is not a certificate')
    return '[certificate]'
  })
}
