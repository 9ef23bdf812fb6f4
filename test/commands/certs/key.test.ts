import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {tmpdir} from 'node:os'

import type {KeySearchResult} from '../../../src/lib/input/find-matching-key.js'
import {fixturePassphrase, fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {assertMatchesSchema} from '../../helpers/json-schema.js'
import {assertNoSecrets, oneLine, type SniRun, startSni} from '../../helpers/run-sni.js'

/** Starts `sni certs:key ARGS` in the fixtures folder now; await the result later. */
function key(args: string[], env: Record<string, string | undefined> = {}): Promise<SniRun> {
  return startSni(['certs:key', ...args], {cwd: fixturesDir, env})
}

/** Every private key the candidates below hold, as PEM: none may appear in any output. */
const SECRETS = [
  'leaf-rsa2048.key',
  'leaf-rsa4096.key',
  'other-leaf.key',
  'leaf-ecdsa-p256.key',
  'key-rsa-pkcs1.pem',
  'key-ec-sec1-params.pem',
  'key-rsa-legacy-encrypted.pem',
  'key-ec-legacy-encrypted.pem',
  'key-rsa-pkcs8-encrypted.pem',
]
  .map((name) => readFixture(name).toString())
  .concat(fixturePassphrase)

describe('certs:key', () => {
  const runs = {
    ecdsa: () => key(['leaf-ecdsa-p256.crt', 'leaf-rsa2048.key', 'key-ec-sec1-params.pem', 'leaf-ecdsa-p256.key']),
    encrypted: () =>
      key(['leaf-rsa2048.crt', 'key-ec-legacy-encrypted.pem', 'key-rsa-legacy-encrypted.pem'], {
        SNI_KEY_PASSPHRASE: fixturePassphrase,
      }),
    json: () => key(['leaf-rsa2048.crt', 'leaf-rsa4096.key', 'leaf-rsa2048.key', '--json']),
    jsonNone: () => key(['leaf-rsa2048.crt', 'leaf-rsa4096.key', 'missing.key', '--json']),
    match: () =>
      key(['leaf-rsa2048.crt', 'leaf-rsa4096.key', 'other-leaf.key', 'key-rsa-pkcs1.pem', 'leaf-rsa2048.key']),
    none: () => key(['leaf-rsa2048.crt', 'leaf-rsa4096.key', 'other-leaf.key']),
    p12: () =>
      key(['leaf-ecdsa-p256.crt', 'leaf-rsa2048.p12', 'leaf-ecdsa-p256.p12', '--passphrase-file', 'passphrase.txt']),
    skipped: () =>
      key([
        'leaf-rsa2048.crt',
        'missing.key',
        tmpdir(),
        'random.bin',
        'key-rsa-pkcs8-encrypted.pem',
        'leaf-rsa2048.key',
      ]),
  }
  const started = new Map<keyof typeof runs, Promise<SniRun>>()
  const result = (name: keyof typeof runs): Promise<SniRun> => started.get(name) as Promise<SniRun>
  before(() => {
    for (const name of Object.keys(runs) as Array<keyof typeof runs>) started.set(name, runs[name]())
  })

  it('prints only the path of the first matching key file (PKCS#1 here)', async () => {
    const {exitCode, stderr, stdout} = await result('match')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'key-rsa-pkcs1.pem\n')
    assert.equal(stderr, '')
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('finds an ECDSA key in SEC1 form with EC parameters', async () => {
    const {exitCode, stderr, stdout} = await result('ecdsa')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'key-ec-sec1-params.pem\n')
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('fails with exit 3 and a clear message when no candidate matches', async () => {
    const {exitCode, stderr, stdout} = await result('none')
    assert.equal(exitCode, 3, stderr)
    assert.equal(stdout, '')
    assert.equal(
      oneLine(stderr),
      'Error: None of leaf-rsa4096.key, other-leaf.key holds the private key of leaf-rsa2048.crt. Try this: Look for the key generated with the CSR for www.example.com.',
    )
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('warns about unreadable candidates, skips them and goes on', async () => {
    const {exitCode, stderr, stdout} = await result('skipped')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'leaf-rsa2048.key\n')
    assert.deepEqual(stderr.split('\n'), [
      'Warning: key file not found: missing.key',
      `Warning: key file ${tmpdir()} is a directory, not a regular file`,
      'Warning: random.bin is not a certificate, private key or PKCS#12 bundle',
      'Warning: key-rsa-pkcs8-encrypted.pem: the private key is encrypted; give its passphrase with --passphrase-file FILE or SNI_KEY_PASSPHRASE',
      '',
    ])
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('decrypts encrypted candidates with SNI_KEY_PASSPHRASE', async () => {
    const {exitCode, stderr, stdout} = await result('encrypted')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'key-rsa-legacy-encrypted.pem\n')
    assert.equal(stderr, '')
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('looks inside PKCS#12 bundles with --passphrase-file', async () => {
    const {exitCode, stderr, stdout} = await result('p12')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'leaf-ecdsa-p256.p12\n')
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('returns the certificate, every file checked and the match with --json', async () => {
    const {exitCode, stderr, stdout} = await result('json')
    assert.equal(exitCode, 0, stderr)
    assert.equal(stderr, '')
    const parsed = JSON.parse(stdout) as KeySearchResult
    assertMatchesSchema('certs-key', parsed)
    assert.deepEqual(Object.keys(parsed).sort(), ['certificate', 'checked', 'match'])
    assert.equal(parsed.certificate.fingerprint256, new X509Certificate(readFixture('leaf-rsa2048.crt')).fingerprint256)
    assert.deepEqual(parsed.checked, [
      {file: 'leaf-rsa4096.key', matches: false},
      {file: 'leaf-rsa2048.key', matches: true},
    ])
    assert.equal(parsed.match, 'leaf-rsa2048.key')
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('exits 3 with --json when none matches, listing why each file was skipped', async () => {
    const {exitCode, stderr, stdout} = await result('jsonNone')
    assert.equal(exitCode, 3, stderr)
    assert.equal(stderr, 'Warning: key file not found: missing.key\n', 'with --json the warning still goes to stderr')
    const parsed = JSON.parse(stdout) as KeySearchResult
    assertMatchesSchema('certs-key', parsed)
    assert.equal(parsed.match, undefined)
    assert.deepEqual(parsed.checked, [
      {file: 'leaf-rsa4096.key', matches: false},
      {error: 'key file not found: missing.key', file: 'missing.key', matches: false},
    ])
    assertNoSecrets([stdout, stderr], SECRETS)
  })

  it('fails with a JSON error when the certificate cannot be read', async () => {
    const {exitCode, stderr, stdout} = await key(['missing.crt', 'leaf-rsa2048.key', '--json'])
    assert.equal(exitCode, 3, stderr)
    assert.deepEqual(JSON.parse(stdout), {
      error: {
        code: 'FILE_NOT_FOUND',
        exit: 3,
        hint: 'Check the path; it is relative to the current directory.',
        message: 'certificate file not found: missing.crt',
      },
    })
  })
})
