import assert from 'node:assert/strict'

import {checkHostnames, parseReferenceNames} from '../../../src/lib/cert-lint/check-hostnames.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {ext, issueCertificate, issueRoot, type SanEntry} from '../../helpers/certificate-builder.js'

const root = issueRoot()
const leafWith = (entries: SanEntry[]) => issueCertificate({extensions: [ext.san(entries)], issuer: root}).parse()
const uncovered = (entries: SanEntry[], names: string[]) =>
  checkHostnames(leafWith(entries), parseReferenceNames(names)).map(
    (f) => f.message.match(/does not cover (\S+):/)?.[1],
  )

describe('--hostname (RFC 6125)', () => {
  it('reads DNS names (IDNs as A-labels, a leading wildcard) and IP addresses', () => {
    assert.deepEqual(
      parseReferenceNames([
        'WWW.Example.com.',
        'bücher.example',
        '*.example.com',
        '192.0.2.1',
        '[2001:db8::1]',
        '::1',
      ]).map((r) => (r.kind === 'ip' ? `ip:${r.shown}` : `dns:${r.name}`)),
      [
        'dns:www.example.com',
        'dns:xn--bcher-kva.example',
        'dns:*.example.com',
        'ip:192.0.2.1',
        'ip:2001:db8::1',
        'ip:::1',
      ],
    )
  })

  for (const bad of ['foo_bar.example.com', 'a b.example', 'https://example.com', '']) {
    it(`refuses ${JSON.stringify(bad)} (exit 2)`, () => {
      assert.throws(
        () => parseReferenceNames([bad]),
        (e: unknown) => e instanceof SniError && e.code === 'INVALID_HOSTNAME' && e.exit === 2,
      )
    })
  }

  const rows: Array<[string, SanEntry[], string[], Array<string | undefined>]> = [
    ['an exact name', [{dns: 'example.com'}], ['example.com'], []],
    ['an exact name, any case', [{dns: 'Example.COM'}], ['example.com'], []],
    ['another domain', [{dns: 'example.com'}], ['example2.com'], ['example2.com']],
    ['a subdomain of the apex', [{dns: 'example.com'}], ['abc.example.com'], ['abc.example.com']],
    ['one label under a wildcard', [{dns: '*.example.com'}], ['foo.example.com'], []],
    ['two labels under a wildcard', [{dns: '*.example.com'}], ['foo.bar.example.com'], ['foo.bar.example.com']],
    ['the apex of a wildcard', [{dns: '*.example.com'}], ['example.com'], ['example.com']],
    ['a partial-label wildcard', [{dns: 'ba*.example.com'}], ['baz.example.com'], ['baz.example.com']],
    ['a wildcard on a public suffix', [{dns: '*.co.uk'}], ['example.co.uk'], ['example.co.uk']],
    ['a wildcard custom domain, by the same wildcard', [{dns: '*.example.com'}], ['*.example.com'], []],
    ['an IP address in iPAddress', [{ip: Buffer.from([127, 0, 0, 1])}], ['127.0.0.1'], []],
    ['an IP address only written as a DNS name', [{dns: '8.8.8.8'}], ['8.8.8.8'], ['8.8.8.8']],
    [
      'IPv6 by bytes, whatever the text',
      [{ip: Buffer.from('00000000000000000000000000000001', 'hex')}],
      ['0:0:0:0:0:0:0:1'],
      [],
    ],
    [
      'several names, one missing',
      [{dns: 'a.example.com'}, {dns: 'b.example.com'}],
      ['a.example.com', 'c.example.com'],
      ['c.example.com'],
    ],
  ]
  for (const [label, entries, names, expected] of rows)
    it(label, () => assert.deepEqual(uncovered(entries, names), expected))

  it('is an error that names what the certificate is for', () => {
    const [finding] = checkHostnames(leafWith([{dns: 'www.example.com'}]), parseReferenceNames(['api.example.com']))
    assert.equal(finding?.severity, 'error')
    assert.equal(finding?.code, 'HOSTNAME_NOT_COVERED')
    assert.match(finding?.message ?? '', /does not cover api\.example\.com: it is for www\.example\.com\.$/)
  })
})
