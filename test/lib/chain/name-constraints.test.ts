import assert from 'node:assert/strict'

import {checkNameConstraintsSyntax, checkNamesAgainstConstraints} from '../../../src/lib/chain/name-constraints.js'
import {ext, issueCertificate, issueRoot, name, type SanEntry} from '../../helpers/certificate-builder.js'

const ip = (...bytes: number[]) => Buffer.from(bytes)

function judge(
  constraints: {permitted?: SanEntry[]; excluded?: SanEntry[]},
  sans: SanEntry[],
  subject = name({CN: 'leaf'}),
): string | undefined {
  const ca = issueRoot('Constrained CA', {extensions: [ext.nameConstraints(constraints)]})
  const leaf = issueCertificate({extensions: [ext.san(sans)], issuer: ca, subject})
  return checkNamesAgainstConstraints(ca.parse(), leaf.parse(), 250_000).finding?.code
}

describe('name constraints (RFC 5280 §4.2.1.10)', () => {
  const rows: Array<[string, {permitted?: SanEntry[]; excluded?: SanEntry[]}, SanEntry[], string | undefined]> = [
    ['a permitted DNS name', {permitted: [{dns: 'example.com'}]}, [{dns: 'example.com'}], undefined],
    [
      'a name below a permitted DNS subtree',
      {permitted: [{dns: 'example.com'}]},
      [{dns: 'foo.bar.example.com'}],
      undefined,
    ],
    [
      'a name outside it (suffix, not label)',
      {permitted: [{dns: 'example.com'}]},
      [{dns: 'notexample.com'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'an excluded DNS name',
      {excluded: [{dns: 'example.com'}]},
      [{dns: 'www.example.com'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'excluded wins over permitted',
      {excluded: [{dns: 'example.com'}], permitted: [{dns: 'example.com'}]},
      [{dns: 'example.com'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'the second SAN excluded',
      {excluded: [{dns: 'bad.example.com'}]},
      [{dns: 'ok.example.com'}, {dns: 'bad.example.com'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    ['a wildcard inside a permitted subtree', {permitted: [{dns: 'example.com'}]}, [{dns: '*.example.com'}], undefined],
    [
      'a wildcard wider than the permitted name (CVE-2025-61727 variant)',
      {permitted: [{dns: 'foo.example.com'}]},
      [{dns: '*.example.com'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'a wildcard that could match an excluded name (CVE-2025-61727)',
      {excluded: [{dns: 'bar.example.com'}]},
      [{dns: '*.example.com'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'a wildcard that cannot reach the excluded name',
      {excluded: [{dns: 'a.bar.example.com'}]},
      [{dns: '*.example.com'}],
      undefined,
    ],
    [
      'an IP in a permitted range',
      {permitted: [{ip: ip(192, 0, 2, 0, 255, 255, 255, 0)}]},
      [{ip: ip(192, 0, 2, 1)}],
      undefined,
    ],
    [
      'an IP outside it',
      {permitted: [{ip: ip(192, 0, 2, 0, 255, 255, 255, 0)}]},
      [{ip: ip(192, 0, 3, 1)}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'an excluded IPv6 address',
      {excluded: [{ip: Buffer.concat([Buffer.alloc(15), ip(1), Buffer.alloc(16, 0xff)])}]},
      [{ip: Buffer.concat([Buffer.alloc(15), ip(1)])}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'another name form is unconstrained',
      {permitted: [{ip: ip(192, 0, 2, 0, 255, 255, 255, 0)}]},
      [{dns: 'example.com'}],
      undefined,
    ],
    ['an email at a permitted host', {permitted: [{email: 'example.com'}]}, [{email: 'a@example.com'}], undefined],
    [
      'an email elsewhere',
      {permitted: [{email: '.example.com'}]},
      [{email: 'a@example.org'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'a URI host outside the permitted domain',
      {permitted: [{uri: '.example.com'}]},
      [{uri: 'https://www.example.org/'}],
      'NAME_CONSTRAINTS_VIOLATED',
    ],
    [
      'an otherName constraint with no otherName on the path',
      {excluded: [{otherName: Buffer.concat([Buffer.from([6, 3, 0x2a, 3, 4]), Buffer.from([0xa0, 2, 5, 0])])}]},
      [{dns: 'example.com'}],
      undefined,
    ],
    [
      'an otherName constraint meeting an otherName',
      {excluded: [{otherName: Buffer.concat([Buffer.from([6, 3, 0x2a, 3, 4]), Buffer.from([0xa0, 2, 5, 0])])}]},
      [{otherName: Buffer.concat([Buffer.from([6, 3, 0x2a, 3, 4]), Buffer.from([0xa0, 2, 5, 0])])}],
      'NAME_CONSTRAINTS_TOO_COMPLEX',
    ],
  ]
  for (const [label, constraints, sans, expected] of rows)
    it(label, () => assert.equal(judge(constraints, sans), expected))

  it('applies directory constraints to the subject and to directoryName SANs', () => {
    const permitted = {permitted: [{directory: name({O: 'Example'})}]}
    assert.equal(
      judge(permitted, [{dns: 'example.com'}], name({CN: 'leaf', O: 'Example'})),
      'NAME_CONSTRAINTS_VIOLATED',
      'CN first is not under O=Example',
    )
    assert.equal(judge(permitted, [{dns: 'example.com'}], name({O: 'Example', CN: 'leaf'})), undefined)
    assert.equal(judge(permitted, [{directory: name({O: 'Other'})}], name({O: 'Example'})), 'NAME_CONSTRAINTS_VIOLATED')
    assert.equal(
      judge({excluded: [{directory: name({CN: 'foo'})}]}, [{dns: 'example.com'}], name({CN: 'foo'})),
      'NAME_CONSTRAINTS_VIOLATED',
    )
  })

  it('refuses instead of checking beyond the comparison budget', () => {
    const ca = issueRoot('Busy CA', {
      extensions: [ext.nameConstraints({permitted: [{dns: 'a.example'}, {dns: 'b.example'}]})],
    })
    const leaf = issueCertificate({extensions: [ext.san([{dns: 'a.example'}])], issuer: ca})
    const outcome = checkNamesAgainstConstraints(ca.parse(), leaf.parse(), 3)
    assert.equal(outcome.finding?.code, 'NAME_CONSTRAINTS_TOO_COMPLEX')
    assert.equal(checkNamesAgainstConstraints(ca.parse(), leaf.parse(), 4).finding, undefined)
  })

  const invalid: Array<[string, {permitted?: SanEntry[]; excluded?: SanEntry[]}, RegExp]> = [
    ['neither subtree', {}, /neither permitted nor excluded/],
    ['a wildcard DNS constraint', {permitted: [{dns: '*.example.com'}]}, /holds a wildcard/],
    ['a leading-dot DNS constraint', {permitted: [{dns: '.example.com'}]}, /starts with a dot/],
    ['an IP constraint without a mask', {permitted: [{ip: ip(192, 0, 2, 1)}]}, /4 octets/],
    ['a mask that is not a prefix', {excluded: [{ip: ip(10, 0, 0, 0, 255, 0, 255, 0)}]}, /not a CIDR prefix/],
  ]
  for (const [label, constraints, message] of invalid) {
    it(`calls ${label} invalid`, () => {
      const [finding] = checkNameConstraintsSyntax(
        issueRoot('Odd CA', {extensions: [ext.nameConstraints(constraints)]}).parse(),
      )
      assert.equal(finding?.code, 'NAME_CONSTRAINTS_INVALID')
      assert.match(finding?.message ?? '', message)
    })
  }
})
