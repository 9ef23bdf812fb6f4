import assert from 'node:assert/strict'

import {formatIpAddress, parseIpAddress} from '../../../src/lib/hostname/ip-address.js'

describe('IP addresses', () => {
  const rows: Array<[string, string, string]> = [
    ['127.0.0.1', '7f000001', '127.0.0.1'],
    ['::1', '00000000000000000000000000000001', '::1'],
    ['2001:DB8::8A2E:370:7334', '20010db80000000000008a2e03707334', '2001:db8::8a2e:370:7334'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '20010db8000000000000000000000001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201', '::ffff:c000:201'],
    ['2001:db8:1:1:1:1:1:0', '20010db8000100010001000100010000', '2001:db8:1:1:1:1:1:0'],
  ]
  for (const [text, hex, canonical] of rows) {
    it(`${text} -> ${canonical} (RFC 5952)`, () => {
      const octets = parseIpAddress(text)
      assert.equal(octets?.toString('hex'), hex)
      assert.equal(formatIpAddress(octets as Buffer), canonical)
    })
  }

  for (const text of ['192.168.001.001', '0xC0A80101', '256.1.1.1', '1.2.3', 'example.com', 'fe80::1%eth0', '']) {
    it(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseIpAddress(text), undefined))
  }
})

describe('parseIpAddress agrees with node:net on what is an address', () => {
  it('for a spread of valid and invalid forms', async () => {
    const {isIP} = await import('node:net')
    const samples = [
      '::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '1::8',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      ':::',
      '1:::2',
      '1::2::3',
      'g::1',
      '12345::1',
      '::ffff:1.2.3.4',
      '1.2.3.4::',
      '::1.2.3',
      '0.0.0.0',
      '255.255.255.255',
      '01.2.3.4',
      '1.2.3.4.5',
      'a:b:c:d:e:f:0:1',
      '::ffff:256.1.1.1',
    ]
    for (const text of samples)
      assert.equal(parseIpAddress(text) !== undefined, isIP(text) !== 0 && !/(^|\.)0\d/.test(text), text)
  })
})
