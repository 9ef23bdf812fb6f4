import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

export interface OpensslRecipe {
  name: string
  crt: string
  key: string
}

/**
 * The staging certificate most people make, `openssl req -x509 -newkey ... -subj /CN=...` (OpenSSL
 * marks it basicConstraints CA:TRUE), for RSA and ECDSA, with and without `-addext
 * subjectAltName=...`; written into `dir`. Keys are generated here, never committed.
 */
export function makeOpensslSelfSigned(dir: string, hostname = 'www.example.com'): OpensslRecipe[] {
  const recipes: OpensslRecipe[] = []
  for (const [kind, newkey] of [
    ['rsa', ['-newkey', 'rsa:2048']],
    ['ecdsa', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
  ] as const) {
    for (const san of [false, true]) {
      const name = `${kind}${san ? '-san' : ''}`
      const crt = join(dir, `${name}.crt`)
      const key = join(dir, `${name}.key`)
      const addext = san ? ['-addext', `subjectAltName=DNS:${hostname}`] : []
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          ...newkey,
          '-nodes',
          '-keyout',
          key,
          '-out',
          crt,
          '-subj',
          `/CN=${hostname}`,
          '-days',
          '30',
          ...addext,
        ],
        {stdio: 'pipe'},
      )
      recipes.push({crt, key, name})
    }
  }

  return recipes
}

/** An ECDSA P-256 self-signed certificate made with `openssl req -x509`, written to `key` and `cert`. */
export function writeOpensslEcCertificate(
  files: {cert: string; key: string},
  options: {days: number; subject: string; subjectAltName: string},
): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-days',
      String(options.days),
      '-subj',
      options.subject,
      '-addext',
      `subjectAltName=${options.subjectAltName}`,
    ],
    {stdio: 'ignore'},
  )
}
