import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixture, fixturePassphrase, fixturesDir, readFixture} from '../helpers/fixtures.js'
import {parseJsonError} from '../helpers/json-schema.js'
import {assertNoSecrets, oneLine, runSni} from '../helpers/run-sni.js'

const KEY = readFixture('leaf-rsa2048.key').toString('utf8')
const ENCRYPTED_KEY = readFixture('key-rsa-pkcs8-encrypted.pem').toString('utf8')

describe('input edge cases', () => {
  let home: string
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-edge-'))
  })
  afterEach(() => rmSync(home, {force: true, recursive: true}))
  const sni = (args: string[], input?: string) =>
    runSni(args, {cwd: fixturesDir, env: {SNI_HOME: home, SNI_PLATFORM: 'local'}, input})

  it('never takes piped stdin for a missing argument (a piped key was printed back as "key file not found: -----BEGIN...")', async () => {
    const run = await sni(['certs:add', 'chain-in-order.pem', '--app', 'shop'], KEY)
    assert.equal(run.exitCode, 2, run.stderr)
    assert.match(oneLine(run.stderr), /^Error: Missing 1 required argument: KEY, /)
    assertNoSecrets([run.stdout, run.stderr], [KEY])
  })

  it('refuses two inputs on stdin as a usage error naming both (certs:add - -)', async () => {
    const [both, withPassphrase] = await Promise.all([
      sni(['certs:add', '-', '-', '--app', 'shop', '--json'], readFixture('chain-in-order.pem').toString()),
      sni(['certs:inspect', '-', '--passphrase-file', '-', '--json'], readFixture('chain-in-order.pem').toString()),
    ])
    assert.deepEqual(parseJsonError(both), {
      code: 'STDIN_CONFLICT',
      exit: 2,
      hint: 'Read at most one input from stdin; give the other as a file path.',
      message: 'CRT and KEY are both - (stdin), but stdin can be read only once.',
    })
    assert.equal(
      parseJsonError(withPassphrase).message,
      'CRT and --passphrase-file are both - (stdin), but stdin can be read only once.',
    )
  })

  it('refuses --passphrase-file /dev/stdin on a pipe with a hint that works when followed (-)', async () => {
    const refused = await sni(
      ['certs:inspect', 'leaf-rsa2048.p12', '--passphrase-file', '/dev/stdin'],
      `${fixturePassphrase}\n`,
    )
    assert.equal(refused.exitCode, 3, refused.stderr)
    // node's child-process stdin is a socket pair; a shell pipe is a named pipe: either is refused the same way
    assert.match(
      oneLine(refused.stderr),
      /^Error: passphrase file \/dev\/stdin is a (named pipe|socket), not a regular file Try this: Give the path of a file; use - to read from stdin\.$/,
    )
    const followed = await sni(
      ['certs:inspect', 'leaf-rsa2048.p12', '--passphrase-file', '-'],
      `${fixturePassphrase}\n`,
    )
    assert.equal(followed.exitCode, 0, followed.stderr)
    assert.match(followed.stdout, /^Private key: RSA 2048, matches the certificate/m)
    assertNoSecrets([refused.stdout, refused.stderr, followed.stdout, followed.stderr], [fixturePassphrase])
  })

  it('refuses a private key given to --ca (never asking for its passphrase), and a --ca file without a certificate', async () => {
    const [plain, encrypted, csr] = await Promise.all([
      sni(['certs:inspect', 'chain-in-order.pem', 'leaf-rsa2048.key', '--ca', 'leaf-rsa2048.key', '--json']),
      sni([
        'certs:add',
        'chain-in-order.pem',
        'leaf-rsa2048.key',
        '--app',
        'shop',
        '--ca',
        'key-rsa-pkcs8-encrypted.pem',
      ]),
      sni(['certs:inspect', 'chain-in-order.pem', '--ca', 'request.csr', '--json']),
    ])
    const error = parseJsonError(plain)
    assert.deepEqual(
      [error.exit, error.code, error.message],
      [
        3,
        'CA_FILE_HOLDS_KEY',
        '--ca leaf-rsa2048.key holds a private key; --ca takes CA certificates only, and the key is not used or sent.',
      ],
    )
    assert.equal(encrypted.exitCode, 3)
    assert.match(oneLine(encrypted.stderr), /^Error: --ca key-rsa-pkcs8-encrypted\.pem holds a private key/)
    assert.deepEqual(
      [parseJsonError(csr).code, parseJsonError(csr).message],
      ['CA_FILE_EMPTY', '--ca request.csr holds no certificate.'],
    )
    assertNoSecrets([plain.stdout, plain.stderr, encrypted.stdout, encrypted.stderr], [KEY, ENCRYPTED_KEY])
  })

  it('escapes bidi controls from arguments as it escapes ESC and BEL', async () => {
    const name = 'invoice\u202egnp.crt'
    const [human, json] = await Promise.all([
      sni(['certs:inspect', name]),
      sni(['domains:info', `www\u202e.example.com`, '--app', 'shop']),
    ])
    assert.equal(human.exitCode, 3)
    assert.equal(
      oneLine(human.stderr),
      'Error: certificate file not found: invoice\\u202egnp.crt Try this: Check the path; it is relative to the current directory.',
    )
    assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(human.stderr + json.stderr), 'no raw bidi control printed')
    assert.match(json.stderr, /www\\u202e\.example\.com/)
  })

  it('opens a PKCS#12 bundle made by openssl with a non-ASCII passphrase', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'sni-edge-p12-'))
    try {
      const passphrase = 'Grüße-€-パス'
      const bundle = join(dir, 'bundle.p12')
      const made = spawnSync('openssl', [
        'pkcs12',
        '-export',
        '-in',
        fixture('chain-in-order.pem'),
        '-inkey',
        fixture('leaf-rsa2048.key'),
        '-out',
        bundle,
        '-passout',
        `pass:${passphrase}`,
      ])
      if (made.status !== 0) this.skip()
      writeFileSync(join(dir, 'pass.txt'), `${passphrase}\n`)
      const run = await sni(['certs:inspect', bundle, '--passphrase-file', join(dir, 'pass.txt')])
      assert.equal(run.exitCode, 0, run.stderr)
      assert.match(run.stdout, /^Private key: RSA 2048, matches the certificate/m)
      assertNoSecrets([run.stdout, run.stderr], [passphrase, KEY])
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })
})
