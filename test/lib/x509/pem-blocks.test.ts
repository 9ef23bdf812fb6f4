import assert from 'node:assert/strict'

import {containsPem, formatPemBlock, isUtf16, splitPemBlocks} from '../../../src/lib/x509/pem-blocks.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {readFixture} from '../../helpers/fixtures.js'

const der = (name: string) => {
  const {blocks} = splitPemBlocks(readFixture(name), name)
  assert.equal(blocks.length, 1)
  return blocks[0]!.der
}

describe('splitPemBlocks', () => {
  const leafDer = () => der('leaf-rsa2048.crt')

  const accepted: Array<{file: string; labels: string[]; outside: number}> = [
    {file: 'chain-in-order.pem', labels: ['CERTIFICATE', 'CERTIFICATE'], outside: 0},
    {file: 'chain-crlf.pem', labels: ['CERTIFICATE', 'CERTIFICATE'], outside: 0},
    {file: 'chain-bom.pem', labels: ['CERTIFICATE', 'CERTIFICATE'], outside: 0},
    {file: 'chain-surrounding-text.pem', labels: ['CERTIFICATE', 'CERTIFICATE'], outside: 3},
    {file: 'bag-attributes.pem', labels: ['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY'], outside: 10},
    {file: 'key-ec-sec1-params.pem', labels: ['EC PARAMETERS', 'EC PRIVATE KEY'], outside: 0},
    {file: 'two-keys.pem', labels: ['PRIVATE KEY', 'PRIVATE KEY'], outside: 0},
    {file: 'empty.pem', labels: [], outside: 0},
  ]
  for (const c of accepted) {
    it(`splits ${c.file}`, () => {
      const {blocks, findings} = splitPemBlocks(readFixture(c.file), c.file)
      assert.deepEqual(
        blocks.map((b) => b.label),
        c.labels,
      )
      assert.deepEqual(
        blocks.map((b) => b.number),
        c.labels.map((_, i) => i + 1),
      )
      if (c.outside === 0) assert.deepEqual(findings, [])
      else {
        assert.equal(findings.length, 1)
        assert.equal(findings[0]!.code, 'TEXT_OUTSIDE_PEM')
        assert.equal(findings[0]!.severity, 'warning')
        assert.equal(findings[0]!.message, `${c.file}: ignored ${c.outside} lines of text outside PEM blocks`)
      }
    })
  }

  it('decodes the same DER from LF, CRLF, BOM and trailing-whitespace variants', () => {
    const pem = readFixture('leaf-rsa2048.crt').toString()
    const variants = [
      pem,
      pem.replaceAll('\n', '\r\n'),
      `\uFEFF${pem}`,
      pem.replaceAll('\n', '  \t\n'),
      `\n\n${pem}\n\n`,
    ]
    for (const text of variants) {
      const {blocks, findings} = splitPemBlocks(Buffer.from(text), 'x.pem')
      assert.deepEqual(blocks[0]!.der, leafDer())
      assert.deepEqual(findings, [])
    }
  })

  it('never quotes the text it ignores', () => {
    const {findings} = splitPemBlocks(
      Buffer.concat([Buffer.from('my secret note\n'), readFixture('leaf-rsa2048.crt')]),
      'x.pem',
    )
    assert.ok(!JSON.stringify(findings).includes('secret note'))
  })

  it('keeps Proc-Type and DEK-Info headers of legacy encrypted keys', () => {
    const [block] = splitPemBlocks(readFixture('key-rsa-legacy-encrypted.pem'), 'k.pem').blocks
    assert.equal(block!.headers['Proc-Type'], '4,ENCRYPTED')
    assert.match(block!.headers['DEK-Info'] ?? '', /^AES-256-CBC,[0-9A-F]{32}$/)
  })

  const pem = readFixture('chain-in-order.pem').toString()
  const lines = pem.split('\n')
  // line 30 or so lies in the second block; find its BEGIN to aim the damage there
  const secondBegin = lines.indexOf('-----BEGIN CERTIFICATE-----', 1)
  const damage = (lineIndex: number, replacement: string) =>
    lines.map((l, i) => (i === lineIndex ? replacement : l)).join('\n')
  const rejected: Array<{name: string; data: () => Buffer; code: string; message: string | RegExp}> = [
    {
      code: 'PEM_CORRUPTED',
      data: () => readFixture('corrupted-base64.pem'),
      message: 'f.pem: block 1 (CERTIFICATE) is corrupted near line 5 (not base64)',
      name: 'bad base64 characters',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () =>
        Buffer.from(
          damage(secondBegin + 3, `${lines[secondBegin + 3]!.slice(0, 20)}*${lines[secondBegin + 3]!.slice(21)}`),
        ),
      message: `f.pem: block 2 (CERTIFICATE) is corrupted near line ${secondBegin + 4} (not base64)`,
      name: 'bad base64 in block 2',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from(damage(secondBegin + 3, lines[secondBegin + 3]!.slice(0, 61))),
      message: `f.pem: block 2 (CERTIFICATE) is corrupted near line ${lines.indexOf('-----END CERTIFICATE-----', secondBegin)} (base64 cut short)`,
      name: 'a body line missing characters',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from(damage(secondBegin + 2, `${lines[secondBegin + 2]!.slice(0, 62)}==`)),
      message: `f.pem: block 2 (CERTIFICATE) is corrupted near line ${secondBegin + 3} (not base64)`,
      name: 'padding in the middle',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => readFixture('truncated.pem'),
      message: /^f\.pem: block 1 \(CERTIFICATE\) is corrupted near line 12 \(missing END line\)$/,
      name: 'a truncated file (no END line)',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from(lines.filter((_, i) => i !== secondBegin - 1).join('\n')),
      message: `f.pem: block 1 (CERTIFICATE) is corrupted near line ${secondBegin} (missing or mismatched END line)`,
      name: 'a missing END line before the next block',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from(pem.replace('-----END CERTIFICATE-----', '-----END PRIVATE KEY-----')),
      message: /block 1 \(CERTIFICATE\) is corrupted near line \d+ \(missing or mismatched END line\)$/,
      name: 'a mismatched END label',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'),
      message: /block 1 \(CERTIFICATE\) is corrupted near line \d+ \(empty block\)$/,
      name: 'an empty block',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from('hello\n-----END CERTIFICATE-----\n'),
      message: 'f.pem: block 1 (CERTIFICATE) is corrupted near line 2 (END line without BEGIN)',
      name: 'an END line without BEGIN',
    },
    {
      code: 'PEM_CORRUPTED',
      data: () => Buffer.from('-----BEGIN CERTIFICATE----\nAAAA\n-----END CERTIFICATE-----\n'),
      message: 'f.pem: block 1 (unknown) is corrupted near line 1 (malformed BEGIN line)',
      name: 'a malformed BEGIN line',
    },
    {
      code: 'FILE_UTF16',
      data: () => readFixture('utf16.pem'),
      message: 'f.pem: file is UTF-16; save it as ASCII or UTF-8',
      name: 'UTF-16 LE',
    },
    {
      code: 'FILE_UTF16',
      data: () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(pem, 'utf16le').swap16()]),
      message: 'f.pem: file is UTF-16; save it as ASCII or UTF-8',
      name: 'UTF-16 BE',
    },
  ]
  for (const c of rejected) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => splitPemBlocks(c.data(), 'f.pem'),
        (error: unknown) => {
          assert.ok(error instanceof SniError)
          assert.equal(error.code, c.code)
          assert.equal(error.exit, 3)
          if (typeof c.message === 'string') assert.equal(error.message, c.message)
          else assert.match(error.message, c.message)
          assert.ok(error.hint)
          return true
        },
      )
    })
  }

  it('escapes a label holding control characters', () => {
    assert.throws(
      () => splitPemBlocks(Buffer.from('-----BEGIN A\u007fB-----\nAAAA\n'), 'f.pem'),
      (error: unknown) => error instanceof SniError && !error.message.includes('\u007f'),
    )
  })
})

describe('isUtf16 and containsPem', () => {
  const cases: Array<[string, Buffer, boolean, boolean]> = [
    ['UTF-16 LE BOM', Buffer.from([0xff, 0xfe, 0x41, 0]), true, false],
    ['UTF-16 BE BOM', Buffer.from([0xfe, 0xff, 0, 0x41]), true, false],
    ['UTF-8 BOM + PEM', Buffer.from('\uFEFF-----BEGIN CERTIFICATE-----'), false, true],
    ['DER', Buffer.from([0x30, 0x82, 0x01, 0x00]), false, false],
  ]
  for (const [name, data, utf16, pem] of cases) {
    it(`classifies ${name}`, () => {
      assert.equal(isUtf16(data), utf16)
      assert.equal(containsPem(data), pem)
    })
  }
})

describe('formatPemBlock', () => {
  it('round-trips through splitPemBlocks, 64 columns, headers first', () => {
    const der = Buffer.from(Array.from({length: 200}, (_, i) => i))
    const text = formatPemBlock('RSA PRIVATE KEY', der, {'DEK-Info': 'AES-256-CBC,00', 'Proc-Type': '4,ENCRYPTED'})
    assert.ok(text.split('\n').every((l) => l.length <= 64 || l.startsWith('-----')))
    assert.match(text, /^-----BEGIN RSA PRIVATE KEY-----\nDEK-Info: AES-256-CBC,00\nProc-Type: 4,ENCRYPTED\n\n/)
    const [block] = splitPemBlocks(Buffer.from(text), 'x').blocks
    assert.deepEqual(block!.der, der)
    assert.deepEqual(block!.headers, {'DEK-Info': 'AES-256-CBC,00', 'Proc-Type': '4,ENCRYPTED'})
  })
})
