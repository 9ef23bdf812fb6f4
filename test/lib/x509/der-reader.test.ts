import assert from 'node:assert/strict'

import {decodeOid, readDer} from '../../../src/lib/x509/der-reader.js'

const hex = (text: string) => Buffer.from(text.replaceAll(' ', ''), 'hex')

/** A DER length: short form below 128, else long form. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length])
  const bytes = Buffer.from(length.toString(16).padStart(length > 0xff ? 4 : 2, '0'), 'hex')
  return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes])
}

/** `depth` SEQUENCEs nested around an empty one. */
function nested(depth: number): Buffer {
  let inner = hex('3000')
  for (let i = 0; i < depth; i++) inner = Buffer.concat([Buffer.from([0x30]), encodeLength(inner.length), inner])
  return inner
}

describe('readDer', () => {
  it('reads a SEQUENCE of an INTEGER and an OID, with classes, tags and contents', () => {
    const node = readDer(hex('30 08 02 01 05 06 03 55 04 03'))
    assert.equal(node.constructed, true)
    assert.equal(node.tag, 16)
    assert.deepEqual(
      node.children.map((c) => [c.tagClass, c.tag, c.contents.toString('hex')]),
      [
        [0, 2, '05'],
        [0, 6, '550403'],
      ],
    )
  })

  it('reads long-form lengths and context-specific tags', () => {
    const body = Buffer.alloc(200, 0x61)
    const node = readDer(Buffer.concat([hex('82 81 c8'), body]))
    assert.equal(node.tagClass, 2)
    assert.equal(node.tag, 2)
    assert.equal(node.contents.length, 200)
  })

  const rejected: Array<[string, Buffer, RegExp]> = [
    ['an empty input', Buffer.alloc(0), /truncated/],
    ['a truncated value', hex('30 05 02 01'), /truncated/],
    ['trailing bytes', hex('05 00 00'), /trailing/],
    ['an indefinite length (BER, not DER)', hex('30 80 00 00'), /unsupported/],
    ['a non-minimal long-form length', hex('04 81 01 61'), /non-minimal/],
    ['a length with a leading zero octet', hex('04 82 00 90'), /non-minimal/],
    ['a high tag number', hex('1f 81 00 00'), /high tag/],
    ['65 levels of nesting', nested(65), /too deep/],
  ]
  for (const [name, input, message] of rejected) {
    it(`rejects ${name}`, () => assert.throws(() => readDer(input), message))
  }

  it('accepts 64 levels of nesting and rejects 50,000 quickly (no stack overflow)', () => {
    assert.doesNotThrow(() => readDer(nested(63)))
    const deep = Buffer.concat([Buffer.alloc(50_000 * 2).fill(Buffer.from([0x30, 0x80])), Buffer.alloc(100_000)])
    assert.throws(() => readDer(deep), RangeError)
  })
})

describe('decodeOid', () => {
  const cases: Array<[string, string]> = [
    ['550403', '2.5.4.3'],
    ['2a864886f70d01010b', '1.2.840.113549.1.1.11'],
    ['2a8648ce3d040302', '1.2.840.10045.4.3.2'],
    ['2b6570', '1.3.101.112'],
    ['8837', '2.999'],
  ]
  for (const [input, want] of cases) it(`decodes ${want}`, () => assert.equal(decodeOid(hex(input)), want))

  it('rejects empty, truncated and non-minimal OIDs', () => {
    assert.throws(() => decodeOid(Buffer.alloc(0)), /empty/)
    assert.throws(() => decodeOid(hex('2a86')), /truncated/)
    assert.throws(() => decodeOid(hex('2a8086')), /non-minimal/)
  })
})
