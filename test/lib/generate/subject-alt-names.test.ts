import assert from 'node:assert/strict'

import {collectSubjectAltNames} from '../../../src/lib/generate/subject-alt-names.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('collectSubjectAltNames', () => {
  const rows: Array<{name: string; domain: string; sans: string[]; want: string[]}> = [
    {domain: 'www.example.com', name: 'DOMAIN alone', sans: [], want: ['www.example.com']},
    {domain: 'WWW.Example.COM', name: 'lower case', sans: [], want: ['www.example.com']},
    {domain: 'www.example.com.', name: 'trailing dot removed', sans: [], want: ['www.example.com']},
    {domain: 'bücher.example', name: 'IDN to A-label', sans: [], want: ['xn--bcher-kva.example']},
    {domain: '*.example.com', name: 'wildcard DOMAIN', sans: [], want: ['*.example.com']},
    {
      domain: 'www.example.com',
      name: 'extra names after DOMAIN, duplicates once',
      sans: ['example.com', 'EXAMPLE.com.', 'www.example.com', '*.Example.com'],
      want: ['www.example.com', 'example.com', '*.example.com'],
    },
  ]
  for (const {domain, name, sans, want} of rows) {
    it(`collects ${name}`, () => {
      assert.deepEqual(collectSubjectAltNames(domain, sans), want)
    })
  }

  const invalid: Array<{name: string; domain: string; sans?: string[]; arg: string}> = [
    {arg: 'DOMAIN', domain: 'www.*.example.com', name: 'an inner wildcard'},
    {arg: 'DOMAIN', domain: 'w*.example.com', name: 'a partial wildcard'},
    {arg: 'DOMAIN', domain: '*.com', name: 'a wildcard over one label'},
    {arg: 'DOMAIN', domain: '192.0.2.1', name: 'an IP address'},
    {arg: 'DOMAIN', domain: '0x7f.1', name: 'a hex IP address'},
    {arg: 'DOMAIN', domain: 'exa_mple.com', name: 'an underscore'},
    {arg: 'DOMAIN', domain: 'a..example.com', name: 'an empty label'},
    {arg: 'DOMAIN', domain: 'a%2Db.example.com', name: 'a percent escape'},
    {arg: 'DOMAIN', domain: '../etc/passwd', name: 'a path'},
    {arg: 'DOMAIN', domain: '', name: 'an empty name'},
    {arg: '--san', domain: 'www.example.com', name: 'a bad --san', sans: ['-bad.example.com']},
  ]
  for (const {arg, domain, name, sans} of invalid) {
    it(`rejects ${name}, naming ${arg}`, () => {
      assert.throws(
        () => collectSubjectAltNames(domain, sans ?? []),
        (error: unknown) => error instanceof SniError && error.exit === 2 && error.message.startsWith(`${arg} `),
      )
    })
  }
})
