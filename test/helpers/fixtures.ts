import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const fixturesDir = join(here, '..', 'fixtures', 'generated')

/** Builds the openssl fixtures once per checkout (the script skips itself when up to date). */
export function ensureFixtures(): void {
  execFileSync('bash', [join(here, '..', 'fixtures', 'generate.sh'), fixturesDir], {stdio: 'inherit'})
}

/** Absolute path of a generated fixture, e.g. `fixture('leaf-rsa2048.crt')`. */
export function fixture(name: string): string {
  return join(fixturesDir, name)
}

export function readFixture(name: string): Buffer {
  return readFileSync(fixture(name))
}

/** The passphrase every encrypted fixture uses. */
export const fixturePassphrase = 'correct horse battery staple'

/** Writes a PKCS#12 bundle of a fixture chain and key, encrypted with fixturePassphrase and `iterations` (MAC and encryption), with openssl. */
export function writePkcs12(
  path: string,
  iterations: number,
  files: {chain: string; key: string} = {chain: 'chain-in-order.pem', key: 'leaf-rsa2048.key'},
): void {
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-in',
    fixture(files.chain),
    '-inkey',
    fixture(files.key),
    '-out',
    path,
    '-passout',
    `pass:${fixturePassphrase}`,
    '-iter',
    String(iterations),
  ])
}
