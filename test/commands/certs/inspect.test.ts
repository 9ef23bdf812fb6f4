import assert from 'node:assert/strict'
import {createHash, X509Certificate} from 'node:crypto'

import type {PreflightReport} from '../../../src/lib/display/preflight-report.js'
import {fixturePassphrase, fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {herokuDate} from '../../helpers/heroku-format.js'
import {assertMatchesSchema} from '../../helpers/json-schema.js'
import {assertNoSecrets, findingCodes, oneLine, type SniRun, startSni} from '../../helpers/run-sni.js'

/** Starts `sni certs:inspect ARGS` in the fixtures folder now (so messages name files as given); await the result later. */
function inspect(args: string[], env: Record<string, string | undefined> = {}): Promise<SniRun> {
  return startSni(['certs:inspect', ...args], {cwd: fixturesDir, env})
}

function cert(name: string): X509Certificate {
  return new X509Certificate(readFixture(name))
}

function spkiSha256(certificate: X509Certificate): string {
  return createHash('sha256')
    .update(certificate.publicKey.export({format: 'der', type: 'spki'}))
    .digest('hex')
}

const LEAF_SUBJECT = '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com'
const INTERMEDIATE_SUBJECT = '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA'
const REFUSED = 'certs:add would refuse this input: 1 error above; nothing was sent.'

describe('certs:inspect', () => {
  describe('a good RSA chain and its key', () => {
    let human: Promise<SniRun>
    let json: Promise<SniRun>
    let trusted: Promise<SniRun>
    let trustedJson: Promise<SniRun>
    before(() => {
      human = inspect(['chain-in-order.pem', 'leaf-rsa2048.key'])
      json = inspect(['chain-in-order.pem', 'leaf-rsa2048.key', '--json'])
      trusted = inspect(['chain-in-order.pem', 'leaf-rsa2048.key', '--ca', 'root-ca.crt'])
      trustedJson = inspect(['chain-in-order.pem', '--ca', 'root-ca.crt', '--json'])
    })

    it('prints the details block, the chain, the key and the trust verdict, exit 0', async () => {
      const {exitCode, stderr, stdout} = await human
      assert.equal(exitCode, 0, stderr)
      const leaf = cert('leaf-rsa2048.crt')
      const intermediate = cert('intermediate-ca.crt')
      const expected = [
        'Certificate details:',
        'Common Name(s): www.example.com',
        '                example.com',
        `Expires At:     ${herokuDate(leaf.validTo)}`,
        `Issuer:         ${INTERMEDIATE_SUBJECT}`,
        `Starts At:      ${herokuDate(leaf.validFrom)}`,
        `Subject:        ${LEAF_SUBJECT}`,
        'SSL certificate is not trusted.',
        '',
        'Chain (leaf first):',
        `  1. ${LEAF_SUBJECT} (RSA 2048, sha256WithRSAEncryption, expires ${herokuDate(leaf.validTo)})`,
        `  2. ${INTERMEDIATE_SUBJECT} (RSA 2048, sha256WithRSAEncryption, expires ${herokuDate(intermediate.validTo)})`,
        `Private key: RSA 2048, matches the certificate (SPKI SHA-256 ${spkiSha256(leaf)})`,
        'Trust: untrusted (does not chain to a known root)',
        'Verdict: a browser would accept this chain at NOW (no --hostname given, so names are not checked): no, because:',
        `  - chain-in-order.pem: certificate 2 (${INTERMEDIATE_SUBJECT}) is issued by /C=US/O=Fixture Trust/CN=Fixture Root CA, which is neither given nor a trust anchor (the bundled store or --ca). (CHAIN_INCOMPLETE)`,
        '',
      ].join('\n')
      assert.equal(stdout.replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/, ' at NOW'), expected)
      // the only finding: the root is neither given nor known (a warning, never an error)
      assert.deepEqual(findingCodes(stderr), ['CHAIN_INCOMPLETE'])
      assert.match(
        stderr,
        /^Warning: chain-in-order\.pem: chain ends at \/C=US\/O=Fixture Trust\/CN=Fixture Root CA\b/m,
      )
      assert.match(stderr, /--ca/)
      assert.ok(!stderr.includes('would refuse'), stderr)
      assertNoSecrets([stdout, stderr], [readFixture('leaf-rsa2048.key').toString()])
    })

    it('prints the report as JSON on stdout only with --json, its warnings on stderr as well', async () => {
      const {exitCode, stderr, stdout} = await json
      assert.equal(exitCode, 0, stderr)
      assert.deepEqual(findingCodes(stderr), ['CHAIN_INCOMPLETE'])
      const report = JSON.parse(stdout) as PreflightReport
      assertMatchesSchema('certs-inspect', report)
      assert.deepEqual(Object.keys(report).sort(), ['chain', 'findings', 'key', 'leaf', 'ok', 'trust', 'verdict'])
      assert.equal(report.verdict.accepted, false)
      assert.deepEqual(report.verdict.hostnames, [])
      assert.deepEqual(
        report.verdict.reasons.map((r) => r.code),
        ['CHAIN_INCOMPLETE'],
      )
      const leaf = cert('leaf-rsa2048.crt')
      assert.equal(report.ok, true)
      assert.equal(report.trust, 'untrusted')
      assert.equal(report.leaf.subject, LEAF_SUBJECT)
      assert.equal(report.leaf.issuer, INTERMEDIATE_SUBJECT)
      assert.equal(report.leaf.fingerprint256, leaf.fingerprint256)
      assert.equal(report.leaf.notAfter, new Date(leaf.validTo).toISOString())
      assert.equal(report.leaf.notBefore, new Date(leaf.validFrom).toISOString())
      assert.deepEqual(report.leaf.dnsNames, ['www.example.com', 'example.com'])
      assert.deepEqual(
        report.chain.map((c) => c.fingerprint256),
        [leaf.fingerprint256, cert('intermediate-ca.crt').fingerprint256],
      )
      assert.deepEqual(report.key, {bits: 2048, matches: true, spkiSha256: spkiSha256(leaf), type: 'rsa'})
      assert.deepEqual(
        report.findings.map((f) => [f.code, f.severity]),
        [['CHAIN_INCOMPLETE', 'warning']],
      )
      for (const finding of report.findings) {
        assert.equal(typeof finding.message, 'string')
        assert.equal(typeof finding.hint, 'string')
      }

      assertNoSecrets([stdout], [readFixture('leaf-rsa2048.key').toString()])
    })

    it('calls the chain trusted when --ca gives its root', async () => {
      const {exitCode, stderr, stdout} = await trusted
      assert.equal(exitCode, 0, stderr)
      const lines = stdout.split('\n')
      assert.ok(lines.includes('SSL certificate is verified by a root authority.'), stdout)
      assert.ok(lines.includes('Trust: trusted (chains to a root in the trust store)'), stdout)
      assert.deepEqual(findingCodes(stderr), [])
      assert.equal(stderr, '')

      const report = JSON.parse((await trustedJson).stdout) as PreflightReport
      assert.equal(report.trust, 'trusted')
      assert.equal(report.ok, true)
      assert.equal(report.key, undefined)
      assert.deepEqual(report.findings, [])
    })
  })

  describe('inputs that only warn (exit 0)', () => {
    const rows: Array<{args: string[]; codes: string[]; lines: string[]; name: string}> = [
      {
        args: ['selfsigned.crt', 'selfsigned.key'],
        codes: ['CERT_SELF_SIGNED'],
        lines: ['SSL certificate is self signed.', 'Trust: self-signed (browsers will warn; fine for staging)'],
        name: 'a self-signed certificate',
      },
      {
        args: ['chain-reversed.pem', 'leaf-rsa2048.key'],
        codes: ['CHAIN_REORDERED', 'CHAIN_INCOMPLETE'],
        lines: [
          `  1. ${LEAF_SUBJECT} (RSA 2048, sha256WithRSAEncryption, expires ${herokuDate(cert('leaf-rsa2048.crt').validTo)})`,
        ],
        name: 'a chain in reverse order (shown leaf first)',
      },
      {
        args: ['chain-with-root.pem', 'leaf-rsa2048.key'],
        codes: ['CHAIN_ROOT_DROPPED'],
        lines: ['  root left out: /C=US/O=Fixture Trust/CN=Fixture Root CA'],
        name: 'a chain that includes its root',
      },
    ]
    const runs = new Map<string, Promise<SniRun>>()
    before(() => {
      for (const row of rows) runs.set(row.name, inspect(row.args))
    })

    for (const row of rows) {
      it(`accepts ${row.name} with ${row.codes.join(', ')} on stderr`, async () => {
        const {exitCode, stderr, stdout} = await (runs.get(row.name) as Promise<SniRun>)
        assert.equal(exitCode, 0, stderr)
        assert.deepEqual(findingCodes(stderr), row.codes)
        assert.match(stderr, /^Warning: /)
        assert.ok(!stderr.includes('Error:'), stderr)
        assert.ok(!stderr.includes('would refuse'), stderr)
        const lines = stdout.split('\n')
        for (const line of row.lines) assert.ok(lines.includes(line), `missing ${JSON.stringify(line)} in\n${stdout}`)
        assert.ok(
          lines.some((l) => l.startsWith('Private key: RSA 2048, matches the certificate')),
          stdout,
        )
      })
    }
  })

  describe('inputs certs:add would refuse (exit 3, report still printed)', () => {
    const rows: Array<{args: string[]; code: string; json?: boolean; message: RegExp; name: string}> = [
      {
        args: ['expired.crt', 'expired.key'],
        code: 'CERT_EXPIRED',
        json: true,
        message: /expired on 2020-02-01 00:00 UTC/,
        name: 'an expired certificate',
      },
      {
        args: ['notyetvalid.crt', 'notyetvalid.key'],
        code: 'CERT_NOT_YET_VALID',
        message: new RegExp(`is not valid until ${herokuDate(cert('notyetvalid.crt').validFrom)}`),
        name: 'a certificate not yet valid',
      },
      {
        args: ['chain-in-order.pem', 'leaf-rsa4096.key'],
        code: 'KEY_MISMATCH',
        json: true,
        message: new RegExp(
          `leaf-rsa4096\\.key: the private key does not match the certificate chain-in-order\\.pem \\(certificate key SHA-256 ${spkiSha256(cert('leaf-rsa2048.crt'))}, private key SHA-256 ${spkiSha256(cert('leaf-rsa4096.crt'))}\\)`,
        ),
        name: 'a key of another certificate',
      },
      {
        args: ['leaf-rsa1024.crt', 'leaf-rsa1024.key'],
        code: 'KEY_TOO_SMALL',
        message: /RSA 1024, smaller than the minimum of 2048 bits/,
        name: 'an RSA 1024 key',
      },
      {
        args: ['leaf-ed25519.crt', 'leaf-ed25519.key'],
        code: 'KEY_UNSUPPORTED',
        message: /Ed25519, which is not supported; supported keys are RSA 2048-4096 or ECDSA P-256\/P-384/,
        name: 'an Ed25519 key',
      },
      {
        args: ['md5.crt', 'md5.key'],
        code: 'CERT_SIGNATURE_INSECURE',
        message: /signed with md5WithRSAEncryption/,
        name: 'an MD5 signature',
      },
      {
        args: ['ca-as-leaf.crt', 'ca-as-leaf.key'],
        code: 'LEAF_IS_CA',
        message: /is a CA certificate \(basicConstraints CA:TRUE\)/,
        name: 'a CA certificate as the leaf',
      },
      {
        args: ['chain-unrelated.pem', 'leaf-rsa2048.key'],
        code: 'CHAIN_UNRELATED_CERTIFICATE',
        json: true,
        message: /certificate 3 \(\/C=US\/O=Unrelated Trust\/CN=Unrelated Root CA\) is not on the path from the leaf/,
        name: 'an unrelated certificate in the chain',
      },
    ]
    const runs = new Map<string, {human: Promise<SniRun>; json?: Promise<SniRun>}>()
    before(() => {
      for (const row of rows)
        runs.set(row.name, {human: inspect(row.args), json: row.json ? inspect([...row.args, '--json']) : undefined})
    })

    for (const row of rows) {
      it(`refuses ${row.name} (${row.code})`, async () => {
        const planned = runs.get(row.name)
        assert.ok(planned)
        const {exitCode, stderr, stdout} = await planned.human
        assert.equal(exitCode, 3, stderr)
        assert.match(stdout, /^Certificate details:\n/)
        assert.ok(findingCodes(stderr).includes(row.code), stderr)
        const error = stderr.split('\n').find((line) => line.startsWith('Error: ') && line.endsWith(`(${row.code})`))
        assert.ok(error, stderr)
        assert.match(error, row.message)
        // every error carries a hint, indented on the next line
        assert.match(stderr, new RegExp(`\\(${row.code}\\)\\n  \\S`))
        assert.equal(stderr.trimEnd().split('\n').at(-1), REFUSED)

        if (!planned.json) return
        const json = await planned.json
        assert.equal(json.exitCode, 3, json.stderr)
        assert.equal(json.stderr, stderr, 'with --json the findings still go to stderr')
        const report = JSON.parse(json.stdout) as PreflightReport
        assert.equal(report.ok, false)
        assert.deepEqual(Object.keys(report).sort(), ['chain', 'findings', 'key', 'leaf', 'ok', 'trust', 'verdict'])
        assert.ok(
          report.findings.some((f) => f.code === row.code && f.severity === 'error'),
          json.stdout,
        )
      })
    }
  })

  describe('files that cannot be used (exit 3, nothing on stdout)', () => {
    const rows: Array<{
      args: string[]
      code?: string
      env?: Record<string, string>
      hint?: RegExp
      message: RegExp
      name: string
    }> = [
      {
        args: ['chain-in-order.pem', 'key-rsa-pkcs8-encrypted.pem'],
        code: 'KEY_ENCRYPTED',
        message:
          /key-rsa-pkcs8-encrypted\.pem: the private key is encrypted; give its passphrase with --passphrase-file FILE or SNI_KEY_PASSPHRASE/,
        name: 'an encrypted key without a passphrase',
      },
      {
        args: ['leaf-rsa2048.p12'],
        message: /leaf-rsa2048\.p12: the PKCS#12 bundle is encrypted; give its passphrase with --passphrase-file/,
        name: 'a PKCS#12 bundle without a passphrase',
      },
      {
        args: ['chain-in-order.pem', 'key-rsa-pkcs8-encrypted.pem'],
        env: {SNI_KEY_PASSPHRASE: 'not the passphrase'},
        message: /key-rsa-pkcs8-encrypted\.pem: the passphrase does not decrypt the private key/,
        name: 'an encrypted key with the wrong passphrase',
      },
      {
        args: ['leaf-rsa2048.key', 'leaf-rsa2048.crt'],
        code: 'ARGUMENTS_SWAPPED',
        hint: /Try this: Give the certificate first and the private key second\./,
        // its own usage, not certs:add's
        message: /CRT \(leaf-rsa2048\.key\) looks like a private key; usage: certs:inspect CRT \[KEY\]/,
        name: 'swapped arguments',
      },
      {
        args: ['leaf-rsa2048.crt', 'leaf-rsa2048.crt'],
        hint: /Try this: Give the certificate first and the private key second\./,
        message:
          /KEY \(leaf-rsa2048\.crt\) looks like a certificate, not a private key; usage: certs:inspect CRT \[KEY\]/,
        name: 'a certificate given as the key',
      },
      {
        args: ['request.csr'],
        code: 'CSR_GIVEN',
        message: /request\.csr is a certificate signing request; submit it to your certificate authority/,
        name: 'a CSR',
      },
      {
        args: ['chain-in-order.pem', 'leaf-rsa2048.pub'],
        message: /leaf-rsa2048\.pub holds a public key; give the private key/,
        name: 'a public key as the key',
      },
      {args: ['empty.pem'], message: /certificate file empty\.pem is empty/, name: 'an empty file'},
      {
        args: ['random.bin'],
        message: /random\.bin is not a certificate, private key or PKCS#12 bundle/,
        name: 'random bytes',
      },
      {
        args: [fixturesDir],
        code: 'NOT_A_REGULAR_FILE',
        message: /is a directory, not a regular file/,
        name: 'a directory',
      },
      {
        args: ['/dev/zero'],
        code: 'NOT_A_REGULAR_FILE',
        message: /certificate file \/dev\/zero is a device, not a regular file/,
        name: '/dev/zero',
      },
      {
        args: ['missing.crt'],
        code: 'FILE_NOT_FOUND',
        message: /certificate file not found: missing\.crt/,
        name: 'a missing certificate file',
      },
      {
        args: ['chain-in-order.pem', 'missing.key'],
        code: 'FILE_NOT_FOUND',
        message: /key file not found: missing\.key/,
        name: 'a missing key file',
      },
    ]
    const runs = new Map<string, {human: Promise<SniRun>; json?: Promise<SniRun>}>()
    before(() => {
      for (const row of rows) {
        runs.set(row.name, {
          human: inspect(row.args, row.env),
          json: row.code ? inspect([...row.args, '--json'], row.env) : undefined,
        })
      }
    })

    for (const row of rows) {
      it(`refuses ${row.name}${row.code ? `, also as a JSON error (${row.code})` : ''}`, async () => {
        const planned = runs.get(row.name)
        assert.ok(planned)
        const {exitCode, stderr, stdout} = await planned.human
        assert.equal(exitCode, 3, stderr)
        assert.equal(stdout, '')
        const message = oneLine(stderr)
        assert.match(message, /^Error: /)
        assert.match(message, row.message)
        assert.match(message, row.hint ?? /Try this: \S/)
        assert.ok(!/\n\s+at /.test(stderr), `stack trace on stderr:\n${stderr}`)
        assertNoSecrets([stdout, stderr], [fixturePassphrase])

        if (!planned.json) return
        const json = await planned.json
        assert.equal(json.exitCode, 3, json.stderr)
        assert.equal(json.stderr, '')
        const {error} = JSON.parse(json.stdout) as {error: {code: string; exit: number; hint?: string; message: string}}
        assert.deepEqual(Object.keys(error).sort(), ['code', 'exit', 'hint', 'message'])
        assert.equal(error.code, row.code)
        assert.equal(error.exit, 3)
        assert.match(oneLine(error.message), row.message)
      })
    }
  })

  describe('encodings and passphrases', () => {
    const rows: Array<{args: string[]; chain: number; env?: Record<string, string>; name: string}> = [
      {
        args: ['chain-in-order.pem', 'key-rsa-pkcs8-encrypted.pem', '--passphrase-file', 'passphrase.txt'],
        chain: 2,
        name: 'an encrypted PKCS#8 key with --passphrase-file',
      },
      {
        args: ['chain-in-order.pem', 'key-rsa-legacy-encrypted.pem'],
        chain: 2,
        env: {SNI_KEY_PASSPHRASE: fixturePassphrase},
        name: 'a legacy encrypted key with SNI_KEY_PASSPHRASE',
      },
      {args: ['leaf-rsa2048.der', 'leaf-rsa2048.key'], chain: 1, name: 'a DER certificate'},
      {
        args: ['leaf-rsa2048.p12', '--passphrase-file', 'passphrase.txt'],
        chain: 2,
        name: 'a PKCS#12 bundle (certificate, intermediate and key) with --passphrase-file',
      },
    ]
    const runs = new Map<string, Promise<SniRun>>()
    before(() => {
      for (const row of rows) runs.set(row.name, inspect([...row.args, '--json'], row.env))
    })

    for (const row of rows) {
      it(`reads ${row.name}`, async () => {
        const {exitCode, stderr, stdout} = await (runs.get(row.name) as Promise<SniRun>)
        assert.equal(exitCode, 0, stderr)
        const report = JSON.parse(stdout) as PreflightReport
        assert.equal(report.ok, true)
        assert.equal(report.leaf.fingerprint256, cert('leaf-rsa2048.crt').fingerprint256)
        assert.equal(report.chain.length, row.chain)
        assert.equal(report.key?.matches, true)
        assertNoSecrets([stdout, stderr], [readFixture('leaf-rsa2048.key').toString(), fixturePassphrase])
      })
    }
  })
})
