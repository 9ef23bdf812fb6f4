import assert from 'node:assert/strict'

import {formatSlashName} from '../../../src/lib/x509/certificate-summary.js'
import {buildOwnerSubject, parseSlashSubject} from '../../../src/lib/generate/subject-name.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('parseSlashSubject', () => {
  const valid: Array<{name: string; input: string; want: string}> = [
    {input: '/CN=www.example.com', name: 'common name only', want: '/CN=www.example.com'},
    {
      input: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
      name: "Heroku's full form",
      want: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
    },
    {input: '/C=us/CN=a.example', name: 'country upper-cased', want: '/C=US/CN=a.example'},
    {input: '/commonName=a.example/organizationName=Ex', name: 'long names', want: '/CN=a.example/O=Ex'},
    {input: '/cn=a.example/ou=Web', name: 'any case', want: '/CN=a.example/OU=Web'},
    {input: '/O=A\\/B Ltd/CN=a.example', name: 'escaped slash', want: '/O=A/B Ltd/CN=a.example'},
    {input: '/O=x=y+z/CN=a.example', name: 'equals and plus inside a value', want: '/O=x=y+z/CN=a.example'},
    {input: '/O=Bücher GmbH/CN=a.example', name: 'UTF-8 value', want: '/O=Bücher GmbH/CN=a.example'},
    {input: '/OU=One/OU=Two/CN=a.example', name: 'repeated attribute', want: '/OU=One/OU=Two/CN=a.example'},
    {input: '/CN=a.example/', name: 'trailing slash', want: '/CN=a.example'},
    {
      input: '/emailAddress=ops@example.com/CN=a.example',
      name: 'email',
      want: '/emailAddress=ops@example.com/CN=a.example',
    },
  ]
  for (const {input, name, want} of valid) {
    it(`parses ${name}`, () => {
      assert.equal(formatSlashName(parseSlashSubject(input)), want)
    })
  }

  const invalid: Array<{name: string; input: string; problem: RegExp}> = [
    {input: 'CN=a.example', name: 'no leading slash', problem: /must start with '\/'/},
    {input: '', name: 'empty', problem: /must start with/},
    {input: '/', name: 'no attributes', problem: /has no attributes/},
    {input: '/CN', name: 'missing equals', problem: /'CN' has no '='/},
    {input: '/CN/O=x', name: 'missing equals before the next slash', problem: /'CN' has no '='/},
    {input: '/CN=a//O=x', name: 'empty attribute', problem: /empty attribute/},
    {input: '/XX=a', name: 'unknown type', problem: /'XX' is not a supported attribute type/},
    {input: '/CN=', name: 'empty value', problem: /attribute CN '' is empty/},
    {input: '/CN=a\\', name: 'trailing backslash', problem: /lone backslash/},
    {input: '/C=USA', name: 'three-letter country', problem: /longer than 2 characters/},
    {input: '/C=1A', name: 'non-letter country', problem: /two-letter ISO country code/},
    {input: `/CN=${'a'.repeat(65)}`, name: 'CN over 64 characters', problem: /longer than 64 characters/},
    {input: '/O=a\u001b[31mb', name: 'control character', problem: /O 'a\\x1b\[31mb' contains a control character/},
    {input: '/emailAddress=ü@example.com', name: 'non-ASCII email', problem: /only ASCII/},
    {input: '/serialNumber=a_b', name: 'non-printable serialNumber', problem: /only letters, digits/},
  ]
  for (const {input, name, problem} of invalid) {
    it(`rejects ${name} as a usage error`, () => {
      assert.throws(
        () => parseSlashSubject(input),
        (error: unknown) =>
          error instanceof SniError &&
          error.exit === 2 &&
          error.code === 'INVALID_SUBJECT' &&
          problem.test(error.message),
      )
    })
  }
})

describe('buildOwnerSubject', () => {
  const rows: Array<{name: string; owner: Parameters<typeof buildOwnerSubject>[0]; want: string}> = [
    {name: 'no details', owner: {}, want: '/CN=www.example.com'},
    {
      name: 'every detail, in Heroku order',
      owner: {area: 'California', city: 'San Francisco', country: 'us', owner: 'Example Inc'},
      want: '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
    },
    {
      name: 'blank answers left out',
      owner: {area: ' ', city: '', country: undefined, owner: 'Example Inc'},
      want: '/O=Example Inc/CN=www.example.com',
    },
  ]
  for (const {name, owner, want} of rows) {
    it(`builds ${name}`, () => {
      assert.equal(formatSlashName(buildOwnerSubject(owner, 'www.example.com')), want)
    })
  }

  it('leaves the CN out when DOMAIN is too long for one', () => {
    const domain = `${'a'.repeat(60)}.example.com`
    assert.equal(formatSlashName(buildOwnerSubject({owner: 'Ex'}, domain)), '/O=Ex')
  })

  it('names the flag of a bad owner detail', () => {
    assert.throws(() => buildOwnerSubject({country: 'USA'}, 'a.example'), /--country 'USA'/)
  })
})
