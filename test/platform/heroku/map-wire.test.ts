import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'

import {leafFacts} from '../../../src/platform/heroku/leaf-facts.js'
import {mapDomain} from '../../../src/platform/heroku/map-domain.js'
import {mapDomainIds, mapSniEndpoint, mapSslCert} from '../../../src/platform/heroku/map-sni-endpoint.js'
import type {WireDomain, WireSniEndpoint} from '../../../src/platform/heroku/wire-types.js'
import {readFixture} from '../../helpers/fixtures.js'

const leafPem = readFixture('leaf-rsa2048.crt').toString('utf8')
const ecdsaPem = readFixture('leaf-ecdsa-p256.crt').toString('utf8')
const intermediatePem = readFixture('intermediate-ca.crt').toString('utf8')
const WWW_ID = '01234567-89ab-cdef-0123-456789abcdef'
const APEX_ID = '11234567-89ab-cdef-0123-456789abcdef'

function wireEndpoint(overrides: Partial<WireSniEndpoint> = {}): WireSniEndpoint {
  return {
    app: {id: 'a1b2c3d4-0000-0000-0000-000000000000', name: 'example'},
    certificate_chain: leafPem + intermediatePem,
    created_at: '2026-01-01T12:00:00Z',
    display_name: null,
    domains: [],
    id: 'e1b2c3d4-0000-0000-0000-000000000000',
    name: 'tyrannosaurus-12345',
    ssl_cert: {
      acm: false,
      'ca_signed?': true,
      cert_domains: ['www.example.com', 'example.com'],
      expires_at: '2027-11-27T02:32:54Z',
      id: 'c1b2c3d4-0000-0000-0000-000000000000',
      issuer: '/C=US/O=Fixture Trust/CN=Fixture Intermediate CA',
      'self_signed?': false,
      starts_at: '2026-11-27T02:32:54Z',
      subject: '/CN=www.example.com',
    },
    updated_at: '2026-01-02T12:00:00Z',
    ...overrides,
  }
}

describe('Heroku wire mapping', () => {
  describe('ssl_cert', () => {
    const leaf = new X509Certificate(readFixture('leaf-rsa2048.crt'))
    const cases: Array<{name: string; wire: unknown; chain: string | null | undefined; want: unknown}> = [
      {
        chain: leafPem,
        name: 'ssl_cert: {} is a cert without names or flags (fingerprint and key type still from the chain), not a crash',
        wire: {},
        want: {
          acm: false,
          caSigned: false,
          certDomains: [],
          fingerprint256: leaf.fingerprint256,
          keyType: 'RSA 2048',
          selfSigned: false,
        },
      },
      {
        chain: undefined,
        name: 'ssl_cert: {} without a chain',
        wire: {},
        want: {acm: false, caSigned: false, certDomains: [], selfSigned: false},
      },
      {chain: leafPem, name: 'ssl_cert: null is null', wire: null, want: null},
      {chain: leafPem, name: 'a missing ssl_cert is null', wire: undefined, want: null},
      {
        chain: leafPem,
        name: "'ca_signed?' -> caSigned, 'self_signed?' -> selfSigned, id, acm, dates, names; fingerprint and key type from the chain",
        wire: {
          acm: true,
          'ca_signed?': true,
          cert_domains: ['www.example.com'],
          expires_at: '2027-01-01T00:00:00Z',
          id: 'c1',
          issuer: '/CN=CA',
          'self_signed?': false,
          starts_at: '2026-01-01T00:00:00Z',
          subject: '/CN=www.example.com',
        },
        want: {
          acm: true,
          caSigned: true,
          certDomains: ['www.example.com'],
          expiresAt: '2027-01-01T00:00:00Z',
          fingerprint256: leaf.fingerprint256,
          id: 'c1',
          issuer: '/CN=CA',
          keyType: 'RSA 2048',
          selfSigned: false,
          startsAt: '2026-01-01T00:00:00Z',
          subject: '/CN=www.example.com',
        },
      },
      {
        chain: ecdsaPem,
        name: "'self_signed?' true and 'ca_signed?' false; ECDSA key type",
        wire: {'ca_signed?': false, cert_domains: ['a.example.com'], 'self_signed?': true},
        want: {
          acm: false,
          caSigned: false,
          certDomains: ['a.example.com'],
          fingerprint256: new X509Certificate(readFixture('leaf-ecdsa-p256.crt')).fingerprint256,
          keyType: 'ECDSA P-256',
          selfSigned: true,
        },
      },
      {
        chain: undefined,
        name: 'a missing chain leaves fingerprint and key type out',
        wire: {'ca_signed?': null, cert_domains: null, issuer: ''},
        want: {acm: false, caSigned: false, certDomains: [], selfSigned: false},
      },
      {
        chain: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
        name: 'an unparsable chain leaves fingerprint and key type out',
        wire: {cert_domains: ['x.example.com']},
        want: {acm: false, caSigned: false, certDomains: ['x.example.com'], selfSigned: false},
      },
    ]
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(mapSslCert(c.wire as never, c.chain), c.want)
      })
    }

    it('takes the fingerprint of the first block (the leaf), not of the intermediate', () => {
      assert.equal(leafFacts(leafPem + intermediatePem)?.fingerprint256, leaf.fingerprint256)
      assert.equal(leafFacts('no pem here'), undefined)
      assert.equal(leafFacts(null), undefined)
    })
  })

  describe('endpoint domains', () => {
    const cases: Array<{name: string; domains: unknown; want: string[]}> = [
      {
        domains: [WWW_ID, APEX_ID],
        name: 'domain ids stay ids, in the API order (no request resolves them)',
        want: [WWW_ID, APEX_ID],
      },
      {domains: [APEX_ID, 7, '', WWW_ID], name: 'entries that are not strings are left out', want: [APEX_ID, WWW_ID]},
      {domains: null, name: 'null domains are none', want: []},
      {domains: undefined, name: 'missing domains are none', want: []},
    ]
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(mapDomainIds(c.domains as string[]), c.want)
      })
    }
  })

  it('maps a whole endpoint to the model, camelCase only', () => {
    const model = mapSniEndpoint(wireEndpoint({domains: [WWW_ID], ssl_cert: null}), 'example')
    assert.deepEqual(model, {
      app: {id: 'a1b2c3d4-0000-0000-0000-000000000000', name: 'example'},
      certificateChain: leafPem + intermediatePem,
      createdAt: '2026-01-01T12:00:00Z',
      displayName: null,
      domainIds: [WWW_ID],
      id: 'e1b2c3d4-0000-0000-0000-000000000000',
      name: 'tyrannosaurus-12345',
      sslCert: null,
      updatedAt: '2026-01-02T12:00:00Z',
    })
    assert.doesNotMatch(JSON.stringify(Object.keys(mapSniEndpoint(wireEndpoint(), 'example'))), /_|\?/)
  })

  it('fills the app from the request when the body has none, and tolerates a missing chain', () => {
    const model = mapSniEndpoint({id: 'x', name: 'tyrannosaurus-1'}, 'example')
    assert.deepEqual(model.app, {name: 'example'})
    assert.equal(model.certificateChain, '')
    assert.equal(model.sslCert, null)
    assert.deepEqual(model.domainIds, [])
  })

  describe('domain', () => {
    const base: WireDomain = {
      acm_status: null,
      acm_status_reason: null,
      app: {id: 'a', name: 'example'},
      cname: null,
      created_at: '2026-01-01T12:00:00Z',
      hostname: 'www.example.com',
      id: WWW_ID,
      kind: 'custom',
      sni_endpoint: null,
      status: 'pending',
      updated_at: '2026-01-01T12:00:00Z',
    }
    it('keeps a null cname (just created) as null', () => {
      assert.deepEqual(mapDomain(base, 'example'), {
        acmStatus: null,
        acmStatusReason: null,
        app: {id: 'a', name: 'example'},
        cname: null,
        createdAt: '2026-01-01T12:00:00Z',
        hostname: 'www.example.com',
        id: WWW_ID,
        kind: 'custom',
        sniEndpoint: null,
        status: 'pending',
        updatedAt: '2026-01-01T12:00:00Z',
      })
    })

    it('maps the DNS target, the endpoint reference, acm status and reason and the heroku kind', () => {
      const mapped = mapDomain(
        {
          ...base,
          acm_status: 'failing',
          acm_status_reason: 'CAA record forbids issuance',
          cname: 'fierce-ocean-1a2b.herokudns.com',
          sni_endpoint: {id: 'e1', name: 'tyrannosaurus-12345'},
          status: 'succeeded',
        },
        'example',
      )
      assert.equal(mapped.cname, 'fierce-ocean-1a2b.herokudns.com')
      assert.deepEqual(mapped.sniEndpoint, {id: 'e1', name: 'tyrannosaurus-12345'})
      assert.equal(mapped.acmStatus, 'failing')
      assert.equal(mapped.acmStatusReason, 'CAA record forbids issuance')
      assert.equal(
        mapDomain({...base, hostname: 'example.herokuapp.com', kind: 'heroku', status: 'none'}, 'example').kind,
        'heroku',
      )
    })

    it('tolerates missing optional fields', () => {
      const mapped = mapDomain({hostname: 'a.example.com', id: 'd'}, 'example')
      assert.deepEqual(mapped, {
        acmStatus: null,
        acmStatusReason: null,
        app: {name: 'example'},
        cname: null,
        createdAt: '',
        hostname: 'a.example.com',
        id: 'd',
        kind: 'custom',
        sniEndpoint: null,
        status: 'none',
        updatedAt: '',
      })
    })
  })
})
