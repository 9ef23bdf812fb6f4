import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {createPrivateKey, createPublicKey, type KeyObject, X509Certificate} from 'node:crypto'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SecretPem} from '../../src/lib/x509/secret-pem.js'
import {acceptCertificateInput} from '../../src/platform/local/accept-certificate-input.js'
import {fixture, fixturePassphrase, fixturesDir, readFixture} from '../helpers/fixtures.js'
import {withLocalClient} from '../helpers/local-store.js'
import {assertNoSecrets, type SniRun, startSni} from '../helpers/run-sni.js'

// Every local command, run over every fixture that holds a private key, with DEBUG=* and with and
// without the passphrase: no output may hold key material (any encoding, decrypted forms included)
// nor the passphrase.

const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----\n?/g

function pemBlocks(text: string): string[] {
  return [...text.matchAll(PRIVATE_KEY_BLOCK)].map((m) => m[0])
}

function pseudoPem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`
}

/** The private keys of a PKCS#12 fixture, as PEM, through openssl (node:crypto cannot read PKCS#12). */
function pkcs12Keys(name: string): {encrypted: boolean; pem: string} {
  const attempts: Array<[password: string, legacy: boolean]> = [
    ['', false],
    [fixturePassphrase, false],
    [fixturePassphrase, true],
  ]
  for (const [password, legacy] of attempts) {
    try {
      const args = [
        'pkcs12',
        ...(legacy ? ['-legacy'] : []),
        '-in',
        fixture(name),
        '-nocerts',
        '-nodes',
        '-passin',
        'env:SNI_TEST_P12_PASSWORD',
      ]
      const pem = execFileSync('openssl', args, {
        encoding: 'utf8',
        env: {...process.env, SNI_TEST_P12_PASSWORD: password},
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      if (pemBlocks(pem).length > 0) return {encrypted: password !== '', pem}
    } catch {
      // wrong password or algorithm: try the next way
    }
  }

  throw new Error(`openssl could not open ${name}`)
}

/** Every form the key could be printed in: PKCS#8 and PKCS#1/SEC1 PEM, and its private JWK fields. */
function keyForms(key: KeyObject): string[] {
  const forms = [key.export({format: 'pem', type: 'pkcs8'}) as string]
  if (key.asymmetricKeyType === 'rsa') forms.push(key.export({format: 'pem', type: 'pkcs1'}) as string)
  if (key.asymmetricKeyType === 'ec') forms.push(key.export({format: 'pem', type: 'sec1'}) as string)
  const jwk = key.export({format: 'jwk'}) as Record<string, unknown>
  for (const field of ['d', 'p', 'q', 'dp', 'dq', 'qi']) if (typeof jwk[field] === 'string') forms.push(jwk[field])
  return forms
}

interface KeyFixture {
  name: string
  keys: KeyObject[]
  /** Needs a passphrase to open. */
  encrypted: boolean
  /** Also holds certificates (a chain with its key, a PKCS#12 bundle): given alone as CRT. */
  container: boolean
  /** Original blocks (encrypted forms included), the whole bundle, and every decrypted form. */
  secrets: string[]
}

function loadKeyFixture(name: string): KeyFixture {
  const bytes = readFixture(name)
  if (name.endsWith('.p12')) {
    const {encrypted, pem} = pkcs12Keys(name)
    const keys = pemBlocks(pem).map((block) => createPrivateKey(block))
    return {
      container: true,
      encrypted,
      keys,
      name,
      secrets: [pseudoPem('PKCS12', bytes), ...keys.flatMap((k) => keyForms(k))],
    }
  }

  const text = bytes.toString()
  const blocks = pemBlocks(text)
  const keys = blocks.map((block) => createPrivateKey({format: 'pem', key: block, passphrase: fixturePassphrase}))
  return {
    container: text.includes('-----BEGIN CERTIFICATE-----'),
    encrypted: text.includes('ENCRYPTED'),
    keys,
    name,
    secrets: [...blocks, ...keys.flatMap((k) => keyForms(k))],
  }
}

const fixtureNames = readdirSync(fixturesDir).sort()
/** Every fixture holding a private key: any PEM private key block, or a PKCS#12 bundle. */
const keyFixtures = fixtureNames
  .filter((name) => name.endsWith('.p12') || readFixture(name).includes('PRIVATE KEY-----'))
  .map((name) => loadKeyFixture(name))
const certificateFiles = fixtureNames.filter((name) => name.endsWith('.crt'))
/** Base64 DER of every fixture certificate: these may be printed (certs:chain), nothing else. */
const fixtureCertificates = new Set(
  certificateFiles.map((name) => new X509Certificate(readFixture(name)).raw.toString('base64')),
)

function spki(key: KeyObject): string {
  return createPublicKey(key).export({format: 'der', type: 'spki'}).toString('base64')
}

/** The certificate file of a separate key file, found by public key (a mismatching one when there is none). */
function certificateFor(keyFixture: KeyFixture): string {
  const wanted = spki(keyFixture.keys[0] as KeyObject)
  const found = certificateFiles.find(
    (name) =>
      new X509Certificate(readFixture(name)).publicKey.export({format: 'der', type: 'spki'}).toString('base64') ===
      wanted,
  )
  return found ?? 'leaf-rsa2048.crt'
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----((?:\\[nr]|[\sA-Za-z0-9+/=])*?)-----END CERTIFICATE-----/g

/**
 * Replaces each printed certificate (PEM, or PEM inside a JSON string) by a marker after checking it
 * is a fixture certificate byte for byte. A certificate holds its public key, which the PEM body of
 * the private key also holds, so without this assertNoSecrets would flag every printed chain.
 */
function withoutFixtureCertificates(text: string): string {
  return text.replaceAll(CERTIFICATE_BLOCK, (_block, body: string) => {
    const base64 = body.replaceAll(/\\[nr]/g, '').replaceAll(/\s/g, '')
    assert.ok(fixtureCertificates.has(base64), 'the output holds a CERTIFICATE block that is not a fixture certificate')
    return '[fixture certificate]'
  })
}

function assertNoKeyMaterial(run: SniRun, secrets: string[]): void {
  assertNoSecrets(
    [run.stdout, run.stderr].map((text) => withoutFixtureCertificates(text)),
    [...new Set([...secrets, fixturePassphrase])],
  )
}

const ALL = '<every key-bearing fixture>'

function secretsOf(names: string[]): string[] {
  return keyFixtures.filter((f) => names.includes(f.name)).flatMap((f) => f.secrets)
}

type Passphrase = 'env' | 'file' | 'none'

interface PlannedRun {
  args: string[]
  cwd?: string
  /** Test title, when the arguments are too many to list. */
  label?: string
  passphrase: Passphrase
  /** Fixtures whose keys the run reads (its secrets). */
  reads: string[]
}

function start(run: PlannedRun): Promise<SniRun> {
  const args = run.passphrase === 'file' ? [...run.args, '--passphrase-file', fixture('passphrase.txt')] : run.args
  const env = {DEBUG: '*', SNI_KEY_PASSPHRASE: run.passphrase === 'env' ? fixturePassphrase : undefined}
  // Child processes: the sweep scans what a real process writes, DEBUG output included.
  return startSni(args, {cwd: run.cwd ?? fixturesDir, env, process: true})
}

function describeRun(run: PlannedRun): string {
  const passphrase = {env: 'SNI_KEY_PASSPHRASE', file: '--passphrase-file', none: 'no passphrase'}[run.passphrase]
  return `${run.label ?? run.args.join(' ')} (${passphrase})`
}

/** Runs each planned command (a few at a time) and checks its output; every run must end as a normal success or refusal. */
function checkRuns(runs: PlannedRun[]): void {
  const started = new Map<PlannedRun, Promise<SniRun>>()
  before(() => {
    for (const run of runs) started.set(run, start(run))
  })
  for (const run of runs) {
    it(describeRun(run), async () => {
      const result = await (started.get(run) as Promise<SniRun>)
      assert.ok([0, 3].includes(result.exitCode), `exit ${result.exitCode}\n${result.stderr}`)
      assert.ok(!result.stderr.includes('Unexpected error'), result.stderr)
      assertNoKeyMaterial(result, secretsOf(run.reads))
    })
  }
}

interface Variant {
  json: boolean
  passphrase: Passphrase
  swapped: boolean
}

/** certs:inspect runs for one fixture: every key-bearing file is inspected on its own, in several variants. */
function inspectRuns(keyFixture: KeyFixture, index: number): PlannedRun[] {
  let variants: Variant[]
  if (keyFixture.container) {
    variants = [
      {json: false, passphrase: 'none', swapped: false},
      {json: true, passphrase: 'env', swapped: false},
    ]
    if (keyFixture.encrypted) variants.push({json: false, passphrase: 'file', swapped: false})
  } else if (keyFixture.name.endsWith('.key')) {
    // the many CRT.key pairs: one run each, cycling through the variants
    const cycle: Variant[] = [
      {json: false, passphrase: 'env', swapped: false},
      {json: true, passphrase: 'file', swapped: false},
      {json: false, passphrase: 'none', swapped: true},
      {json: true, passphrase: 'env', swapped: true},
      {json: false, passphrase: 'none', swapped: false},
      {json: true, passphrase: 'none', swapped: false},
    ]
    variants = [cycle[index % cycle.length] as Variant]
  } else if (keyFixture.encrypted) {
    variants = [
      {json: false, passphrase: 'env', swapped: false},
      {json: true, passphrase: 'file', swapped: false},
      {json: false, passphrase: 'none', swapped: false},
      {json: true, passphrase: 'env', swapped: true},
    ]
  } else {
    variants = [
      {json: false, passphrase: 'env', swapped: false},
      {json: true, passphrase: 'none', swapped: true},
    ]
  }

  const crt = keyFixture.container ? undefined : certificateFor(keyFixture)
  return variants.map((variant) => {
    let files = [keyFixture.name]
    if (crt) files = variant.swapped ? [keyFixture.name, crt] : [crt, keyFixture.name]
    return {
      args: ['certs:inspect', ...files, ...(variant.json ? ['--json'] : [])],
      passphrase: variant.passphrase,
      reads: [keyFixture.name],
    }
  })
}

describe('no command prints private-key material or the passphrase', () => {
  describe('the check itself', () => {
    it('finds every key-bearing fixture and the keys inside each', () => {
      const names = keyFixtures.map((f) => f.name)
      for (const name of [
        'leaf-rsa2048.key',
        'key-rsa-pkcs8-encrypted.pem',
        'key-ec-sec1-params.pem',
        'chain-with-key.pem',
        'two-keys.pem',
        'bag-attributes.pem',
        'leaf-rsa2048.p12',
      ]) {
        assert.ok(names.includes(name), name)
      }

      assert.ok(keyFixtures.length >= 30, `only ${keyFixtures.length} key fixtures`)
      for (const keyFixture of keyFixtures) assert.ok(keyFixture.keys.length > 0, keyFixture.name)
      assert.equal(keyFixtures.find((f) => f.name === 'two-keys.pem')?.keys.length, 2)
    })

    it('fails on a decrypted key body, re-wrapped and inside JSON, knowing only the encrypted fixture', () => {
      const plain = readFixture('key-rsa-pkcs1.pem').toString()
      const body = plain.replaceAll(/-----[^-]+-----/g, '').replaceAll(/\s/g, '')
      const rewrapped = (body.match(/.{1,76}/g) ?? []).join('\n')
      const secrets = secretsOf(['key-rsa-legacy-encrypted.pem'])
      assert.ok(
        !readFixture('key-rsa-legacy-encrypted.pem').toString().includes(body.slice(100, 140)),
        'the encrypted file does not hold the plain body',
      )
      assert.throws(
        () => assertNoKeyMaterial({exitCode: 0, stderr: '', stdout: JSON.stringify({key: rewrapped})}, secrets),
        /part of a PEM secret/,
      )
      // and a single private JWK field (the RSA private exponent) on its own
      const jwk = createPrivateKey(plain).export({format: 'jwk'})
      assert.throws(() => assertNoKeyMaterial({exitCode: 0, stderr: `d=${jwk.d}`, stdout: ''}, secrets), /secret/)
    })

    it('fails on the passphrase and on a key relabelled as a certificate', () => {
      assert.throws(
        () => assertNoKeyMaterial({exitCode: 0, stderr: `passphrase: ${fixturePassphrase}`, stdout: ''}, []),
        /contains a secret/,
      )
      const key = readFixture('leaf-rsa2048.key').toString().replaceAll('PRIVATE KEY', 'CERTIFICATE')
      assert.throws(
        () => assertNoKeyMaterial({exitCode: 0, stderr: '', stdout: key}, secretsOf(['leaf-rsa2048.key'])),
        /not a fixture certificate/,
      )
    })

    it('accepts a printed fixture chain, as PEM and inside JSON', () => {
      const chain = readFixture('chain-in-order.pem').toString()
      const secrets = secretsOf(['chain-with-key.pem'])
      assertNoKeyMaterial({exitCode: 0, stderr: '', stdout: chain}, secrets)
      assertNoKeyMaterial({exitCode: 0, stderr: '', stdout: JSON.stringify({pem: chain})}, secrets)
    })
  })

  describe('certs:inspect, each key-bearing fixture', () => {
    checkRuns(keyFixtures.flatMap((keyFixture, index) => inspectRuns(keyFixture, index)))
  })

  describe('certs:key, every key-bearing fixture at once', () => {
    const all = keyFixtures.map((f) => f.name)
    checkRuns([
      {
        args: ['certs:key', 'leaf-rsa2048.crt', ...all],
        label: `certs:key leaf-rsa2048.crt ${ALL}`,
        passphrase: 'none',
        reads: all,
      },
      {
        args: ['certs:key', 'leaf-rsa2048.crt', ...all, '--json'],
        label: `certs:key leaf-rsa2048.crt ${ALL} --json`,
        passphrase: 'env',
        reads: all,
      },
      {
        args: ['certs:key', 'leaf-ecdsa-p256.crt', ...all],
        label: `certs:key leaf-ecdsa-p256.crt ${ALL}`,
        passphrase: 'file',
        reads: all,
      },
      {
        args: ['certs:key', 'chain-with-key.pem', ...all, '--json'],
        label: `certs:key chain-with-key.pem ${ALL} --json`,
        passphrase: 'none',
        reads: all,
      },
      {
        args: ['certs:key', 'leaf-rsa2048.p12', ...all],
        label: `certs:key leaf-rsa2048.p12 ${ALL}`,
        passphrase: 'env',
        reads: all,
      },
      // swapped: a key file where the certificate belongs
      {
        args: ['certs:key', 'key-rsa-pkcs8-encrypted.pem', 'leaf-rsa2048.crt'],
        passphrase: 'env',
        reads: ['key-rsa-pkcs8-encrypted.pem'],
      },
    ])
  })

  describe('certs:chain, every key-bearing fixture at once', () => {
    const all = keyFixtures.map((f) => f.name)
    const rsa = keyFixtures
      .filter((f) =>
        f.keys.every(
          (k) => spki(k) === spki(keyFixtures.find((x) => x.name === 'leaf-rsa2048.key')?.keys[0] as KeyObject),
        ),
      )
      .map((f) => f.name)
    const ecdsa = keyFixtures
      .filter((f) =>
        f.keys.every(
          (k) => spki(k) === spki(keyFixtures.find((x) => x.name === 'leaf-ecdsa-p256.key')?.keys[0] as KeyObject),
        ),
      )
      .map((f) => f.name)
    checkRuns([
      {args: ['certs:chain', ...all], label: `certs:chain ${ALL}`, passphrase: 'none', reads: all},
      {args: ['certs:chain', ...all], label: `certs:chain ${ALL}`, passphrase: 'env', reads: all},
      {args: ['certs:chain', ...all, '--json'], label: `certs:chain ${ALL} --json`, passphrase: 'file', reads: all},
      // files of one key only, so that the chain is printed (rather than refused as unrelated)
      {
        args: ['certs:chain', ...rsa],
        label: 'certs:chain <the files of leaf-rsa2048.key>',
        passphrase: 'env',
        reads: rsa,
      },
      {
        args: ['certs:chain', ...rsa, '--json', '--include-root'],
        label: 'certs:chain <the files of leaf-rsa2048.key> --json --include-root',
        passphrase: 'file',
        reads: rsa,
      },
      {
        args: ['certs:chain', ...ecdsa],
        label: 'certs:chain <the files of leaf-ecdsa-p256.key>',
        passphrase: 'file',
        reads: ecdsa,
      },
      {
        args: ['certs:chain', ...[...ecdsa].reverse(), '--json'],
        label: 'certs:chain <the files of leaf-ecdsa-p256.key, reversed> --json',
        passphrase: 'none',
        reads: ecdsa,
      },
    ])

    it('prints the chain from the files of one key (so the runs above reach the output)', async () => {
      const {exitCode, stderr, stdout} = await start({args: ['certs:chain', ...rsa], passphrase: 'env', reads: rsa})
      assert.equal(exitCode, 0, stderr)
      assert.match(stdout, /^-----BEGIN CERTIFICATE-----\n/)
      assert.match(stderr, /\(KEY_LEFT_OUT\)/)
    })
  })

  describe('certs:generate', () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'sni-leak-'))
    })
    after(() => {
      rmSync(dir, {force: true, recursive: true})
    })

    const variants: Array<{args: string[]; keyFile: string}> = [
      {args: ['certs:generate', 'www.example.com', '--now'], keyFile: 'www.example.com.key'},
      {
        args: ['certs:generate', '*.example.com', '--selfsigned', '--key-type', 'ecdsa', '--json'],
        keyFile: 'wildcard.example.com.key',
      },
    ]
    for (const {args, keyFile} of variants) {
      it(args.join(' '), async () => {
        const result = await start({args, cwd: dir, passphrase: 'env', reads: []})
        assert.equal(result.exitCode, 0, result.stderr)
        const key = readFileSync(join(dir, keyFile), 'utf8')
        assertNoKeyMaterial(result, [key, ...keyForms(createPrivateKey(key))])
      })
    }
  })

  describe('certs:auto*, with an ACM certificate, an ACME account key, an EAB HMAC key and a DNS hook in the store', () => {
    const hmacKey = 'c2VjcmV0LWVhYi1obWFjLWtleS1mb3ItdGVzdHM'
    const hookToken = 'hook-token-7f3a9c1e5b'
    const accountKey = readFixture('leaf-ecdsa-p256.key').toString()
    const certificateKey = readFixture('leaf-rsa2048.key').toString()
    let home: string
    const runs = new Map<string, Promise<SniRun>>()
    const commands: string[][] = [
      ['certs:auto', '--app', 'shop'],
      ['certs:auto', '--app', 'shop', '--json'],
      ['certs:auto:refresh', '--app', 'shop', '--json'],
      ['certs', '--app', 'shop', '--json'],
      ['certs:info', '--app', 'shop'],
      [
        'certs:auto:enable',
        '--app',
        'shop',
        '--acme-directory',
        'https://127.0.0.1:9/dir',
        '--eab-kid',
        'kid-1',
        '--json',
      ],
    ]

    before(async () => {
      home = mkdtempSync(join(tmpdir(), 'sni-leak-acm-'))
      await withLocalClient(home, async (client) => {
        const domain = await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
        await client.enableAcm('shop', {
          challenge: 'dns-01',
          directoryUrl: 'https://127.0.0.1:14000/dir',
          dnsHook: `dnsctl --token ${hookToken}`,
          eab: {hmacKey: new SecretPem(hmacKey), kid: 'kid-1'},
          keyType: 'rsa',
        })
        client.acm.saveAccountKey(new SecretPem(accountKey))
        const input = {
          certificateChain: readFixture('chain-in-order.pem').toString(),
          privateKey: new SecretPem(certificateKey),
        }
        const [job] = client.acm.listJobs()
        assert.equal(job?.hostname, domain.hostname)
        client.acm.installCertificate(
          job.domainPk,
          input.certificateChain,
          input.privateKey,
          acceptCertificateInput(input),
        )
      })

      for (const args of commands)
        runs.set(
          args.join(' '),
          startSni(args, {
            env: {DEBUG: '*', SNI_ACME_EAB_HMAC_KEY: hmacKey, SNI_HOME: home, SNI_PLATFORM: 'local'},
            process: true,
          }),
        )
      runs.set(
        'disable',
        runs.get('certs:auto --app shop')!.then(() =>
          startSni(['certs:auto:disable', '--app', 'shop', '--confirm', 'shop', '--json'], {
            env: {DEBUG: '*', SNI_HOME: home, SNI_PLATFORM: 'local'},
            process: true,
          }),
        ),
      )
    })

    after(() => {
      rmSync(home, {force: true, recursive: true})
    })

    for (const label of [...commands.map((args) => args.join(' ')), 'disable']) {
      it(label, async () => {
        const result = await (runs.get(label) as Promise<SniRun>)
        assert.ok(!result.stderr.includes('Unexpected error'), result.stderr)
        assertNoKeyMaterial(result, [hmacKey, hookToken, ...secretsOf(['leaf-ecdsa-p256.key', 'leaf-rsa2048.key'])])
      })
    }
  })
})
