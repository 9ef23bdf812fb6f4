import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SniError, notFoundError} from '../../src/lib/sni-error.js'
import {dnsTarget, findDomain, platformExpectation} from '../../src/services/tls-check-target.js'
import {localRouterTarget} from '../../src/router/router-state.js'
import type {Domain, SniEndpoint} from '../../src/lib/models.js'
import type {PlatformClient} from '../../src/platform/platform-client.js'

function domain(hostname: string, overrides: Partial<Domain> = {}): Domain {
  return {
    acmStatus: null,
    acmStatusReason: null,
    app: {name: 'example-app'},
    cname: 'calm-bay-0123456789abcdef.herokudns.com',
    createdAt: '2026-01-01T00:00:00Z',
    hostname,
    id: `id-${hostname}`,
    kind: 'custom',
    sniEndpoint: {id: 'e1', name: 'tyrannosaurus-12345'},
    status: 'succeeded',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  }
}

/** A platform that knows some domains of example-app and one endpoint. */
function fakePlatform(
  domains: Domain[],
  sslCert: SniEndpoint['sslCert'] = {
    acm: false,
    caSigned: true,
    certDomains: [],
    fingerprint256: 'AA:BB',
    selfSigned: false,
  },
): PlatformClient {
  const fake: Partial<PlatformClient> = {
    async getDomain(app, hostname) {
      if (app !== 'example-app') throw notFoundError({id: app, resource: 'app'}, 'check the app name')
      const found = domains.find((d) => d.hostname === hostname)
      if (!found) throw notFoundError({id: hostname, resource: 'domain'}, 'add it first')
      return found
    },
    async getSniEndpoint(app, name) {
      return {
        app: {name: app},
        certificateChain: '',
        createdAt: '',
        displayName: null,
        domainIds: [],
        id: 'e1',
        name,
        sslCert,
        updatedAt: '',
      }
    },
    async listSniEndpoints(app) {
      return [
        {
          app: {name: app},
          certificateChain: '',
          createdAt: '',
          displayName: null,
          domainIds: [],
          id: 'e1',
          name: 'tyrannosaurus-12345',
          sslCert,
          updatedAt: '',
        },
      ]
    },
  }
  return fake as PlatformClient
}

describe('certs:check target and platform lookups', () => {
  let home: string
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-tls-check-'))
  })
  afterEach(() => rmSync(home, {force: true, recursive: true}))

  describe('router state', () => {
    it('is the address in router.json while the router process is alive', () => {
      writeFileSync(
        join(home, 'router.json'),
        JSON.stringify({host: '127.0.0.1', pid: process.pid, port: 8443, startedAt: '2026-01-01T00:00:00Z'}),
      )
      assert.deepEqual(localRouterTarget(home), {host: '127.0.0.1', port: 8443})
    })

    it('connects to loopback when the router listens on every address', () => {
      writeFileSync(
        join(home, 'router.json'),
        JSON.stringify({host: '0.0.0.0', pid: process.pid, port: 8443, startedAt: 'x'}),
      )
      assert.deepEqual(localRouterTarget(home), {host: '127.0.0.1', port: 8443})
      writeFileSync(
        join(home, 'router.json'),
        JSON.stringify({host: '::', pid: process.pid, port: 8443, startedAt: 'x'}),
      )
      assert.deepEqual(localRouterTarget(home), {host: '::1', port: 8443})
    })

    it('treats a missing, malformed or stale state file as no router (usage error, exit 2)', () => {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number
      const states = [
        undefined,
        '{not json',
        JSON.stringify({host: '127.0.0.1', port: 'x', pid: process.pid}),
        JSON.stringify({host: '127.0.0.1', pid: dead, port: 8443, startedAt: 'x'}),
      ]
      for (const state of states) {
        if (state === undefined) rmSync(join(home, 'router.json'), {force: true})
        else writeFileSync(join(home, 'router.json'), state)
        assert.throws(
          () => localRouterTarget(home),
          (error: unknown) =>
            error instanceof SniError &&
            error.exit === 2 &&
            error.message ===
              'the local router is not running; start it with `sni router:start`, or pass --connect HOST:PORT',
          String(state),
        )
      }
    })
  })

  describe('findDomain', () => {
    it('finds the exact domain, else the wildcard domain one label up', async () => {
      const platform = fakePlatform([domain('www.example.com'), domain('*.example.org')])
      assert.equal((await findDomain(platform, 'example-app', 'www.example.com'))?.hostname, 'www.example.com')
      assert.equal((await findDomain(platform, 'example-app', 'shop.example.org'))?.hostname, '*.example.org')
      assert.equal(await findDomain(platform, 'example-app', 'example.org'), undefined)
      assert.equal(await findDomain(platform, 'example-app', 'a.shop.example.org'), undefined)
    })

    it('passes other errors through (an unknown app is exit 5, not a failed check)', async () => {
      await assert.rejects(
        findDomain(fakePlatform([]), 'other-app', 'www.example.com'),
        (error: unknown) => error instanceof SniError && error.message === "Couldn't find that app.",
      )
    })
  })

  describe('dnsTarget', () => {
    it("is the domain's CNAME on port 443", () => {
      assert.deepEqual(dnsTarget(domain('www.example.com'), 'example-app', 'www.example.com'), {
        host: 'calm-bay-0123456789abcdef.herokudns.com',
        port: 443,
      })
    })

    it('refuses a missing domain (exit 5) and a domain without a DNS target (exit 2)', () => {
      assert.throws(
        () => dnsTarget(undefined, 'example-app', 'www.example.com'),
        (error: unknown) => error instanceof SniError && error.exit === 5,
      )
      assert.throws(
        () => dnsTarget(domain('www.example.com', {cname: null}), 'example-app', 'www.example.com'),
        (error: unknown) =>
          error instanceof SniError &&
          error.exit === 2 &&
          error.code === 'DNS_TARGET_MISSING' &&
          (error.hint ?? '').includes('--connect'),
      )
    })
  })

  describe('platformExpectation', () => {
    it('is the fingerprint of the endpoint associated with the domain', async () => {
      const platform = fakePlatform([])
      assert.deepEqual(
        await platformExpectation(platform, 'example-app', 'www.example.com', domain('www.example.com')),
        {
          endpoint: 'tyrannosaurus-12345',
          fingerprint256: 'AA:BB',
          kind: 'expected',
        },
      )
      const viaWildcard = await platformExpectation(
        platform,
        'example-app',
        'shop.example.org',
        domain('*.example.org'),
      )
      assert.equal(
        viaWildcard.kind === 'expected' && viaWildcard.endpoint,
        'tyrannosaurus-12345 (through the domain *.example.org)',
      )
    })

    it('is missing (a failure) without a domain or an associated endpoint, skipped without a fingerprint', async () => {
      const platform = fakePlatform([])
      assert.equal((await platformExpectation(platform, 'example-app', 'www.example.com', undefined)).kind, 'missing')
      const none = await platformExpectation(
        platform,
        'example-app',
        'www.example.com',
        domain('www.example.com', {sniEndpoint: null}),
      )
      assert.deepEqual(none, {
        kind: 'missing',
        reason:
          'example-app associates no certificate with www.example.com; add a certificate that covers it with `sni certs:add CRT KEY --app example-app --domains www.example.com`',
      })
      const covering = fakePlatform([], {
        acm: false,
        caSigned: true,
        certDomains: ['*.example.com'],
        fingerprint256: 'AA:BB',
        selfSigned: false,
      })
      const unassociated = await platformExpectation(
        covering,
        'example-app',
        'www.example.com',
        domain('www.example.com', {sniEndpoint: null}),
      )
      assert.deepEqual(unassociated, {
        kind: 'missing',
        reason:
          'example-app associates no certificate with www.example.com; associate one with `sni domains:update www.example.com --cert tyrannosaurus-12345 --app example-app`',
      })
      const noFingerprint = fakePlatform([], {acm: false, caSigned: false, certDomains: [], selfSigned: false})
      assert.equal(
        (await platformExpectation(noFingerprint, 'example-app', 'www.example.com', domain('www.example.com'))).kind,
        'skipped',
      )
    })
  })
})
