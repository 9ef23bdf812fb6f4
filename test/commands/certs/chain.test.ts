import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {CertsChainResult} from '../../../src/commands/certs/chain.js'
import {fixturePassphrase, fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {assertMatchesSchema} from '../../helpers/json-schema.js'
import {assertNoSecrets, findingCodes, oneLine, type SniRun, startSni} from '../../helpers/run-sni.js'

/** Starts `sni certs:chain ARGS` in the fixtures folder now; await the result later. */
function chain(args: string[], env: Record<string, string | undefined> = {}): Promise<SniRun> {
  return startSni(['certs:chain', ...args], {cwd: fixturesDir, env})
}

/** A fixture certificate as normalised PEM: LF line ends, 64-column base64, from its DER (independent of the file's encoding). */
function normalizedPem(name: string): string {
  const lines = new X509Certificate(readFixture(name)).raw.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

const LEAF_FIRST = normalizedPem('leaf-rsa2048.crt') + normalizedPem('intermediate-ca.crt')
const WITH_ROOT = LEAF_FIRST + normalizedPem('root-ca.crt')

describe('certs:chain', () => {
  describe('prints the same leaf-first chain whatever the input', () => {
    const rows: Array<{
      args: string[]
      codes: string[]
      env?: Record<string, string>
      expected?: string
      name: string
    }> = [
      {args: ['chain-in-order.pem'], codes: ['CHAIN_INCOMPLETE'], name: 'a chain already in order'},
      {args: ['chain-reversed.pem'], codes: ['CHAIN_REORDERED', 'CHAIN_INCOMPLETE'], name: 'a reversed chain'},
      {
        args: ['chain-root-first.pem'],
        codes: ['CHAIN_REORDERED', 'CHAIN_ROOT_DROPPED'],
        name: 'a root-first chain (root dropped)',
      },
      {
        args: ['chain-duplicate-leaf.pem'],
        codes: ['CHAIN_DUPLICATE_DROPPED', 'CHAIN_INCOMPLETE'],
        name: 'a chain with the leaf twice',
      },
      {args: ['chain-with-root.pem'], codes: ['CHAIN_ROOT_DROPPED'], name: 'a chain with its root (root dropped)'},
      {
        args: ['intermediate-ca.crt', 'leaf-rsa2048.crt'],
        codes: ['CHAIN_REORDERED', 'CHAIN_INCOMPLETE'],
        name: 'two files, intermediate first',
      },
      {
        args: ['root-ca.crt', 'intermediate-ca.crt', 'leaf-rsa2048.der'],
        codes: ['CHAIN_REORDERED', 'CHAIN_ROOT_DROPPED'],
        name: 'three files, root first, the leaf in DER',
      },
      {args: ['chain-crlf.pem'], codes: ['CHAIN_INCOMPLETE'], name: 'a chain with CRLF line ends'},
      {args: ['chain-bom.pem'], codes: ['CHAIN_INCOMPLETE'], name: 'a chain with a UTF-8 byte order mark'},
      {
        args: ['leaf-rsa2048.p12', '--passphrase-file', 'passphrase.txt'],
        codes: ['KEY_LEFT_OUT', 'CHAIN_INCOMPLETE'],
        name: 'a PKCS#12 bundle (its key left out)',
      },
      {
        args: ['chain-with-root.pem', '--include-root'],
        codes: [],
        expected: WITH_ROOT,
        name: 'a chain with its root and --include-root (root kept)',
      },
      {
        args: ['chain-root-first.pem', '--include-root'],
        codes: ['CHAIN_REORDERED'],
        expected: WITH_ROOT,
        name: 'a root-first chain and --include-root (root kept, last)',
      },
    ]
    const runs = new Map<string, Promise<SniRun>>()
    before(() => {
      for (const row of rows) runs.set(row.name, chain(row.args, row.env))
    })

    for (const row of rows) {
      it(`from ${row.name}${row.codes.length > 0 ? `, saying ${row.codes.join(', ')}` : ''}`, async () => {
        const {exitCode, stderr, stdout} = await (runs.get(row.name) as Promise<SniRun>)
        assert.equal(exitCode, 0, stderr)
        assert.equal(stdout, row.expected ?? LEAF_FIRST)
        assert.deepEqual(findingCodes(stderr), row.codes)
        assert.ok(!stderr.includes('Error:'), stderr)
        // stdout equals the fixture certificates exactly, so it holds no key; (assertNoSecrets would flag the
        // certificate's own modulus, which a PKCS#8 key body also holds)
        assertNoSecrets([stderr], [readFixture('leaf-rsa2048.key').toString(), fixturePassphrase])
      })
    }
  })

  describe('--output', () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'sni-chain-'))
    })
    after(() => {
      rmSync(dir, {force: true, recursive: true})
    })

    it('writes the chain to the file, says so on stderr and leaves stdout empty', async () => {
      const out = join(dir, 'chain.pem')
      const {exitCode, stderr, stdout} = await chain(['chain-reversed.pem', '--output', out])
      assert.equal(exitCode, 0, stderr)
      assert.equal(stdout, '')
      assert.equal(readFileSync(out, 'utf8'), LEAF_FIRST)
      assert.deepEqual(findingCodes(stderr), ['CHAIN_REORDERED', 'CHAIN_INCOMPLETE'])
      assert.equal(stderr.trimEnd().split('\n').at(-1), `Wrote 2 certificate(s), leaf first, to ${out}.`)
    })

    it('writes nothing when the chain is refused', async () => {
      const out = join(dir, 'refused.pem')
      const {exitCode, stderr, stdout} = await chain(['chain-unrelated.pem', '-o', out])
      assert.equal(exitCode, 3, stderr)
      assert.equal(stdout, '')
      assert.ok(!existsSync(out), 'the output file was written')
      assert.ok(!stderr.includes('Wrote'), stderr)
    })
  })

  describe('refusals and keys', () => {
    let unrelated: Promise<SniRun>
    let unrelatedJson: Promise<SniRun>
    let withKey: Promise<SniRun>
    let keyOnly: Promise<SniRun>
    let json: Promise<SniRun>
    before(() => {
      unrelated = chain(['chain-unrelated.pem'])
      unrelatedJson = chain(['chain-unrelated.pem', '--json'])
      withKey = chain(['chain-with-key.pem'])
      keyOnly = chain(['leaf-rsa2048.key'])
      json = chain(['chain-reversed.pem', '--json'])
    })

    it('refuses a certificate that belongs to no path from the leaf (exit 3, nothing on stdout)', async () => {
      const {exitCode, stderr, stdout} = await unrelated
      assert.equal(exitCode, 3, stderr)
      assert.equal(stdout, '')
      assert.ok(findingCodes(stderr).includes('CHAIN_UNRELATED_CERTIFICATE'), stderr)
      assert.match(
        stderr,
        /^Error: chain-unrelated\.pem: certificate 3 \(\/C=US\/O=Unrelated Trust\/CN=Unrelated Root CA\) is not on the path from the leaf .*\(CHAIN_UNRELATED_CERTIFICATE\)\n {2}Remove it/m,
      )

      const result = await unrelatedJson
      assert.equal(result.exitCode, 3, result.stderr)
      assert.equal(result.stderr, stderr, 'with --json the findings still go to stderr')
      const parsed = JSON.parse(result.stdout) as CertsChainResult
      assertMatchesSchema('certs-chain', parsed)
      assert.equal(parsed.pem, '')
      assert.ok(parsed.findings.some((f) => f.code === 'CHAIN_UNRELATED_CERTIFICATE' && f.severity === 'error'))
    })

    it('leaves a private key out of the chain, with a KEY_LEFT_OUT warning', async () => {
      const {exitCode, stderr, stdout} = await withKey
      assert.equal(exitCode, 0, stderr)
      assert.equal(stdout, LEAF_FIRST)
      assert.deepEqual(findingCodes(stderr), ['KEY_LEFT_OUT', 'CHAIN_INCOMPLETE'])
      assert.match(
        stderr,
        /^Warning: chain-with-key\.pem holds a private key; it was left out of the chain\. \(KEY_LEFT_OUT\)$/m,
      )
      assertNoSecrets([stderr], [readFixture('leaf-rsa2048.key').toString()])
    })

    it('refuses a file holding only a key (exit 3) without printing it', async () => {
      const {exitCode, stderr, stdout} = await keyOnly
      assert.equal(exitCode, 3, stderr)
      assert.equal(stdout, '')
      assert.match(oneLine(stderr), /Error: no certificate found in leaf-rsa2048\.key\./)
      assertNoSecrets([stdout, stderr], [readFixture('leaf-rsa2048.key').toString()])
    })

    it('returns the ordered certificates, the findings and the PEM with --json', async () => {
      const {exitCode, stderr, stdout} = await json
      assert.equal(exitCode, 0, stderr)
      const result = JSON.parse(stdout) as CertsChainResult
      // the warnings are in the result and, as always, on stderr
      assert.deepEqual(
        findingCodes(stderr),
        result.findings.map((f) => f.code),
      )
      assert.deepEqual(findingCodes(stderr), ['CHAIN_REORDERED', 'CHAIN_INCOMPLETE'])
      assert.deepEqual(Object.keys(result).sort(), ['certificates', 'findings', 'pem'])
      assert.equal(result.pem, LEAF_FIRST)
      assert.deepEqual(
        result.certificates.map((c) => c.fingerprint256),
        ['leaf-rsa2048.crt', 'intermediate-ca.crt'].map(
          (name) => new X509Certificate(readFixture(name)).fingerprint256,
        ),
      )
      assert.deepEqual(
        result.findings.map((f) => [f.code, f.severity]),
        [
          ['CHAIN_REORDERED', 'warning'],
          ['CHAIN_INCOMPLETE', 'warning'],
        ],
      )
    })
  })
})
