import assert from 'node:assert/strict'
import {createPrivateKey, createPublicKey} from 'node:crypto'
import {readdirSync} from 'node:fs'
import {inspect} from 'node:util'

import fc from 'fast-check'

import {decodeInput, type DecodedInput} from '../../../src/lib/x509/decode-input.js'
import {formatPemBlock, splitPemBlocks} from '../../../src/lib/x509/pem-blocks.js'
import type {PassphraseProvider} from '../../../src/lib/x509/types.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixturePassphrase, fixturesDir, readFixture} from '../../helpers/fixtures.js'

const withPassphrase: PassphraseProvider = async () => fixturePassphrase
const noPassphrase: PassphraseProvider = async () => undefined

async function decodeBytes(data: Buffer, passphrase = withPassphrase, label = 'in.pem'): Promise<DecodedInput> {
  return decodeInput({data, label}, passphrase)
}

/** DER of `depth` nested SEQUENCEs around a NULL, built inside out without quadratic copying. */
function nestedAsn1(depth: number): Buffer {
  const header = (length: number): Buffer => {
    if (length < 0x80) return Buffer.from([0x30, length])
    const bytes: number[] = []
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256)
    return Buffer.from([0x30, 0x80 | bytes.length, ...bytes])
  }

  const headers: Buffer[] = []
  let length = 2
  for (let i = 0; i < depth; i++) {
    const h = header(length)
    headers.push(h)
    length += h.length
  }

  return Buffer.concat([...headers.reverse(), Buffer.from([0x05, 0x00])])
}

const pemOf = (label: string, file: string) =>
  Buffer.from(formatPemBlock(label, splitPemBlocks(readFixture(file), file).blocks[0]!.der))

interface Expectation {
  certificates?: number
  keys?: string[]
  csr?: number
  publicKeys?: number
  findings?: string[]
  error?: string
  message?: RegExp
}

describe('decodeInput', () => {
  const inputs: Array<{name: string; data: () => Buffer; passphrase?: PassphraseProvider; expect: Expectation}> = [
    {data: () => readFixture('leaf-rsa2048.crt'), expect: {certificates: 1}, name: 'RSA 2048 certificate'},
    {data: () => readFixture('leaf-rsa4096.crt'), expect: {certificates: 1}, name: 'RSA 4096 certificate'},
    {data: () => readFixture('leaf-ecdsa-p256.crt'), expect: {certificates: 1}, name: 'ECDSA P-256 certificate'},
    {data: () => readFixture('leaf-ecdsa-p384.crt'), expect: {certificates: 1}, name: 'ECDSA P-384 certificate'},
    {
      data: () => readFixture('leaf-ed25519.crt'),
      expect: {certificates: 1},
      name: 'Ed25519 certificate (rejecting it is the checks layer’s job)',
    },
    {data: () => readFixture('leaf-ed25519.key'), expect: {keys: ['pkcs8:ed25519']}, name: 'Ed25519 key'},
    {data: () => readFixture('leaf-rsa2048.der'), expect: {certificates: 1}, name: 'DER certificate'},
    {
      data: () => pemOf('X509 CERTIFICATE', 'leaf-rsa2048.crt'),
      expect: {certificates: 1},
      name: 'X509 CERTIFICATE label',
    },
    {data: () => readFixture('leaf-rsa2048.p12'), expect: {certificates: 2, keys: ['pkcs12:rsa']}, name: 'PKCS#12 RSA'},
    {
      data: () => readFixture('leaf-ecdsa-p256.p12'),
      expect: {certificates: 2, keys: ['pkcs12:ecdsa']},
      name: 'PKCS#12 ECDSA',
    },
    {
      data: () => readFixture('leaf-rsa2048.p12'),
      expect: {error: 'KEY_ENCRYPTED'},
      name: 'PKCS#12 without passphrase',
      passphrase: noPassphrase,
    },
    {data: () => readFixture('key-rsa-pkcs1.pem'), expect: {keys: ['pkcs1:rsa']}, name: 'RSA PKCS#1 key'},
    {
      data: () => readFixture('key-ec-sec1-params.pem'),
      expect: {keys: ['sec1:ecdsa']},
      name: 'SEC1 key after EC PARAMETERS',
    },
    {
      data: () => readFixture('key-ec-legacy-encrypted.pem'),
      expect: {keys: ['legacy-encrypted:ecdsa']},
      name: 'legacy encrypted EC key',
    },
    {
      data: () => readFixture('key-rsa-pkcs8-encrypted.pem'),
      expect: {error: 'KEY_ENCRYPTED'},
      name: 'encrypted key without passphrase',
      passphrase: noPassphrase,
    },
    {
      data: () => readFixture('key-rsa-pkcs8-encrypted.pem'),
      expect: {error: 'KEY_PASSPHRASE_WRONG'},
      name: 'encrypted key, wrong passphrase',
      passphrase: async () => 'wrong',
    },
    {
      data: () =>
        Buffer.from(createPrivateKey(readFixture('key-rsa-pkcs8.pem')).export({format: 'der', type: 'pkcs8'})),
      expect: {keys: ['pkcs8:rsa']},
      name: 'DER PKCS#8 key',
    },
    {
      data: () => readFixture('chain-with-key.pem'),
      expect: {certificates: 2, keys: ['pkcs8:rsa']},
      name: 'chain with key',
    },
    {data: () => readFixture('two-keys.pem'), expect: {keys: ['pkcs8:rsa', 'pkcs8:rsa']}, name: 'two keys'},
    {data: () => readFixture('chain-crlf.pem'), expect: {certificates: 2}, name: 'CRLF'},
    {data: () => readFixture('chain-bom.pem'), expect: {certificates: 2}, name: 'UTF-8 BOM'},
    {
      data: () => readFixture('chain-surrounding-text.pem'),
      expect: {certificates: 2, findings: ['TEXT_OUTSIDE_PEM']},
      name: 'surrounding text',
    },
    {
      data: () => readFixture('bag-attributes.pem'),
      expect: {certificates: 2, findings: ['TEXT_OUTSIDE_PEM'], keys: ['pkcs8:rsa']},
      name: 'Bag Attributes',
    },
    {data: () => readFixture('request.csr'), expect: {csr: 1}, name: 'CSR'},
    {
      data: () => pemOf('NEW CERTIFICATE REQUEST', 'request.csr'),
      expect: {csr: 1},
      name: 'NEW CERTIFICATE REQUEST label',
    },
    {data: () => readFixture('leaf-rsa2048.pub'), expect: {publicKeys: 1}, name: 'public key'},
    {
      data: () => Buffer.from(createPublicKey(readFixture('leaf-rsa2048.pub')).export({format: 'pem', type: 'pkcs1'})),
      expect: {publicKeys: 1},
      name: 'RSA PUBLIC KEY',
    },
    {
      data: () => readFixture('passphrase.txt'),
      expect: {findings: ['TEXT_OUTSIDE_PEM']},
      name: 'plain text without PEM',
    },
    {data: () => Buffer.from(' \n'), expect: {}, name: 'whitespace only'},
    {
      data: () => pemOf('X509 CRL', 'leaf-rsa2048.crt'),
      expect: {error: 'PEM_BLOCK_UNSUPPORTED', message: /^in\.pem: block 1 is a X509 CRL, which is neither/},
      name: 'an unknown label',
    },
    {
      data: () => pemOf('OPENSSH PRIVATE KEY', 'leaf-rsa2048.crt'),
      expect: {error: 'PEM_BLOCK_UNSUPPORTED'},
      name: 'an OpenSSH key',
    },
    {
      data: () => pemOf('CERTIFICATE', 'key-rsa-pkcs8.pem'),
      expect: {error: 'CERT_UNPARSABLE'},
      name: 'a key labelled CERTIFICATE',
    },
    {data: () => readFixture('corrupted-base64.pem'), expect: {error: 'PEM_CORRUPTED'}, name: 'corrupted base64'},
    {data: () => readFixture('truncated.pem'), expect: {error: 'PEM_CORRUPTED'}, name: 'truncated PEM'},
    {data: () => readFixture('utf16.pem'), expect: {error: 'FILE_UTF16'}, name: 'UTF-16'},
    {
      data: () => readFixture('random.bin'),
      expect: {error: 'INPUT_UNRECOGNISED', message: /^in\.pem is not a certificate, private key or PKCS#12 bundle$/},
      name: 'random bytes',
    },
    {
      data: () => Buffer.concat([Buffer.from([0x30]), readFixture('random.bin')]),
      expect: {error: 'INPUT_UNRECOGNISED'},
      name: 'random bytes after a SEQUENCE tag',
    },
    {
      data: () => readFixture('leaf-rsa2048.der').subarray(0, 500),
      expect: {error: 'INPUT_UNRECOGNISED'},
      name: 'truncated DER',
    },
    {
      data: () => readFixture('leaf-rsa2048.p12').subarray(0, 1000),
      expect: {error: 'INPUT_UNRECOGNISED'},
      name: 'truncated PKCS#12',
    },
    {
      data: () => Buffer.concat([readFixture('leaf-rsa2048.der'), Buffer.from([0, 0])]),
      expect: {error: 'CERT_MALFORMED'},
      name: 'DER with trailing bytes',
    },
    {data: () => nestedAsn1(50_000), expect: {error: 'INPUT_UNRECOGNISED'}, name: '50,000-level nested ASN.1 (DER)'},
    {
      data: () => Buffer.from(formatPemBlock('CERTIFICATE', nestedAsn1(50_000))),
      expect: {error: 'CERT_UNPARSABLE'},
      name: '50,000-level nested ASN.1 (PEM certificate)',
    },
    {
      data: () => Buffer.from(formatPemBlock('PRIVATE KEY', nestedAsn1(50_000))),
      expect: {error: 'KEY_UNPARSABLE'},
      name: '50,000-level nested ASN.1 (PEM key)',
    },
  ]

  for (const c of inputs) {
    it(`decodes ${c.name}`, async () => {
      const decoding = decodeBytes(c.data(), c.passphrase)
      if (c.expect.error) {
        await assert.rejects(decoding, (error: unknown) => {
          assert.ok(error instanceof SniError, `not an SniError: ${String(error)}`)
          assert.equal(error.code, c.expect.error)
          assert.equal(error.exit, 3)
          if (c.expect.message) assert.match(error.message, c.expect.message)
          return true
        })
        return
      }

      const result = await decoding
      assert.equal(result.certificates.length, c.expect.certificates ?? 0)
      assert.deepEqual(
        result.privateKeys.map((k) => `${k.format}:${k.info.type}`),
        c.expect.keys ?? [],
      )
      assert.equal(result.csrCount, c.expect.csr ?? 0)
      assert.equal(result.publicKeyCount, c.expect.publicKeys ?? 0)
      assert.deepEqual(
        result.findings.map((f) => f.code),
        c.expect.findings ?? [],
      )
    })
  }

  it('keeps certificates in file order, indexed from 0, named by the input', async () => {
    const result = await decodeBytes(readFixture('chain-reversed.pem'), withPassphrase, 'chain.pem')
    assert.deepEqual(
      result.certificates.map((c) => [c.summary.commonName, c.index, c.source]),
      [
        ['Fixture Intermediate CA', 0, 'chain.pem'],
        ['www.example.com', 1, 'chain.pem'],
      ],
    )
  })

  it('names stdin as stdin', async () => {
    await assert.rejects(
      decodeBytes(readFixture('random.bin'), withPassphrase, '-'),
      /^SniError: stdin is not a certificate/,
    )
  })

  it('passes errors of the passphrase source through unchanged (a cancelled prompt)', async () => {
    const cancelled = new Error('User force closed the prompt')
    await assert.rejects(
      decodeBytes(readFixture('key-ec-pkcs8-encrypted.pem'), async () => {
        throw cancelled
      }),
      (error: unknown) => error === cancelled,
    )
  })

  describe('robustness (fast-check)', () => {
    const seeds = [
      'leaf-rsa2048.crt',
      'chain-with-key.pem',
      'key-rsa-legacy-encrypted.pem',
      'key-ec-pkcs8-encrypted.pem',
      'key-ec-sec1-params.pem',
      'leaf-rsa2048.der',
      'leaf-ecdsa-p256.p12',
      'leaf-ecdsa-p256-nopass.p12',
    ].map((f) => readFixture(f))
    const mutation = fc.record({
      kind: fc.constantFrom('flip', 'truncate', 'insert', 'delete'),
      position: fc.nat(),
      value: fc.integer({max: 255, min: 0}),
    })
    const mutatedFixture = fc
      .tuple(fc.nat({max: seeds.length - 1}), fc.array(mutation, {maxLength: 4, minLength: 1}))
      .map(([seed, mutations]) => {
        let data = Buffer.from(seeds[seed]!)
        for (const m of mutations) {
          const at = data.length === 0 ? 0 : m.position % data.length
          if (m.kind === 'flip') data[at] = (data[at] ?? 0) ^ (m.value || 1)
          else if (m.kind === 'truncate') data = data.subarray(0, at)
          else if (m.kind === 'insert')
            data = Buffer.concat([data.subarray(0, at), Buffer.from([m.value]), data.subarray(at)])
          else data = Buffer.concat([data.subarray(0, at), data.subarray(at + 1)])
        }

        return data
      })
    const anyInput = fc.oneof(
      fc.uint8Array({maxLength: 65_536}).map((a) => Buffer.from(a)),
      fc.uint8Array({maxLength: 512}).map((a) => Buffer.concat([Buffer.from([0x30, 0x82]), Buffer.from(a)])),
      mutatedFixture,
    )

    it('only ever rejects with SniError, each run well under 200 ms (400 runs)', async () => {
      let slowest = 0
      await fc.assert(
        fc.asyncProperty(anyInput, async (data) => {
          const started = performance.now()
          try {
            await decodeBytes(data)
          } catch (error) {
            if (!(error instanceof SniError) || error.exit !== 3) throw error
          }

          slowest = Math.max(slowest, performance.now() - started)
          return performance.now() - started < 200
        }),
        {numRuns: 400},
      )
      assert.ok(slowest < 200, `slowest run ${slowest} ms`)
    })
  })

  describe('secrets never leak', () => {
    const keyFiles = readdirSync(fixturesDir).filter((f) => /^key-|\.key$|two-keys|with-key|bag-attributes/.test(f))
    // Base64 runs of the private part of every fixture key, aligned as a leaked PEM body would show
    // them (the public part also appears in certificates, which are public), and of encrypted bodies.
    const keyRuns = keyFiles.flatMap((f) =>
      splitPemBlocks(readFixture(f), f)
        .blocks.filter((b) => b.label.includes('PRIVATE KEY'))
        .map((b) => {
          const b64 = b.der.toString('base64')
          if (b.label.startsWith('ENCRYPTED') || b.headers['Proc-Type'])
            return b64.slice(b64.length / 2, b64.length / 2 + 24)
          const jwk = createPrivateKey(formatPemBlock(b.label, b.der)).export({format: 'jwk'})
          const at = b.der.indexOf(Buffer.from(jwk.d ?? '', 'base64url'))
          assert.ok(at > 0, `private part found in ${f}`)
          const start = Math.ceil(at / 3) * 3
          return b.der.subarray(start, start + 12).toString('base64')
        }),
    )
    const secret = 'sup3r-secret-passphrase'
    const providers: Array<[string, PassphraseProvider]> = [
      ['right', withPassphrase],
      ['none', noPassphrase],
      ['wrong', async () => secret],
    ]
    const inputs = [...keyFiles, 'leaf-rsa2048.p12', 'leaf-ecdsa-p256.p12', 'leaf-rsa2048-legacy.p12'].filter((f) =>
      readdirSync(fixturesDir).includes(f),
    )

    function assertClean(text: string, context: string): void {
      // PEM bodies wrap every 64 characters, and JSON shows the line breaks as \n
      const joined = text.replaceAll(String.raw`\n`, '').replaceAll(/\s/g, '')
      for (const needle of ['PRIVATE KEY-----', fixturePassphrase, secret])
        assert.ok(!text.includes(needle), `${context} leaks ${needle.slice(0, 12)}…`)
      for (const run of keyRuns) assert.ok(!joined.includes(run), `${context} leaks key material ${run.slice(0, 8)}…`)
    }

    it('the scan finds a key body it is shown (so it can fail)', () => {
      assert.ok(keyRuns.length > 20)
      for (const file of ['key-ec-sec1.pem', 'key-rsa-pkcs1.pem', 'leaf-ed25519.key', 'key-rsa-legacy-encrypted.pem']) {
        const body = readFixture(file)
          .toString()
          .split('\n')
          .filter((l) => !l.startsWith('-----'))
          .join('\n')
        assert.throws(() => assertClean(body, file), /leaks/)
      }
    })

    it('in results, findings and errors, as JSON and as inspected', async () => {
      for (const file of inputs) {
        for (const [name, provider] of providers) {
          const damaged = Buffer.from(
            readFixture(file)
              .toString()
              .replace(/(PRIVATE KEY-----\n(?:.*:.*\n\n)?.{10})./, '$1*'),
          )
          for (const data of [readFixture(file), damaged]) {
            try {
              const result = await decodeBytes(data, provider, file)
              assertClean(JSON.stringify(result), `${file} (${name})`)
              assertClean(inspect(result, {depth: 6}), `${file} (${name}) inspected`)
            } catch (error) {
              assert.ok(error instanceof SniError, `${file} (${name}): ${String(error)}`)
              assertClean(
                JSON.stringify({...error, message: error.message, stack: error.stack}),
                `${file} (${name}) error`,
              )
            }
          }
        }
      }
    })
  })
})
