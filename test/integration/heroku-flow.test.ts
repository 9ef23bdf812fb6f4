import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {CertsAddResult} from '../../src/commands/certs/add.js'
import type {SniEndpointJson} from '../../src/lib/display/sni-endpoint-json.js'
import type {Domain} from '../../src/lib/models.js'
import {FakeHerokuApi} from '../helpers/fake-heroku-api.js'
import {fixture} from '../helpers/fixtures.js'
import {runSni, type SniRun} from '../helpers/run-sni.js'

// The whole certificate lifecycle on the Heroku platform, end to end: the real CLI (child processes)
// against the fake Heroku API on loopback, with 2-item pages so every listing is paginated. After each
// step the API's own state is checked, not only what the CLI printed.

const APP = 'example'

describe('integration: the certificate lifecycle on Heroku (fake API)', () => {
  let api: FakeHerokuApi
  let home: string

  before(async () => {
    api = await FakeHerokuApi.start({pageSize: 2})
    home = mkdtempSync(join(tmpdir(), 'sni-heroku-flow-'))
  })

  after(async () => {
    await api.close()
    rmSync(home, {force: true, recursive: true})
  })

  async function sni(args: string[]): Promise<SniRun> {
    const run = await runSni(args, {env: api.env({HOME: home})})
    assert.equal(
      run.exitCode,
      0,
      `sni ${args.join(' ')}\nexit ${run.exitCode}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
    )
    return run
  }

  async function json<T>(args: string[]): Promise<T> {
    return JSON.parse((await sni([...args, '--json'])).stdout) as T
  }

  function associations(): Record<string, string | null> {
    const result: Record<string, string | null> = {}
    for (const d of api.snapshot(APP).domains) {
      if (d.kind === 'custom') result[d.hostname as string] = (d.sni_endpoint as {name: string} | null)?.name ?? null
    }

    return result
  }

  let name: string
  let wildcardName: string

  it('domains:add adds the custom domains', async () => {
    for (const hostname of ['www.example.com', 'example.com', 'api.example.com', 'shop.example.com']) {
      const domain = await json<Domain>(['domains:add', hostname, '--app', APP])
      assert.equal(domain.hostname, hostname)
    }

    assert.deepEqual(associations(), {
      'api.example.com': null,
      'example.com': null,
      'shop.example.com': null,
      'www.example.com': null,
    })
  })

  it('certs:add with --domains uploads the certificate and associates exactly those domains', async () => {
    const result = await json<CertsAddResult>([
      'certs:add',
      fixture('chain-in-order.pem'),
      fixture('leaf-rsa2048.key'),
      '--app',
      APP,
      '--domains',
      'www.example.com,example.com',
    ])
    assert.ok(result.endpoint)
    name = result.endpoint.name
    assert.match(name, /^[a-z]+-\d{5}$/)
    assert.deepEqual(result.matchingDomains.sort(), ['example.com', 'www.example.com'])
    assert.deepEqual(
      result.associations.map((a) => [a.hostname, a.ok]),
      [
        ['www.example.com', true],
        ['example.com', true],
      ],
    )
    for (const a of result.associations) assert.match(a.cname ?? '', /\.herokudns\.com$/)
    assert.deepEqual(associations(), {
      'api.example.com': null,
      'example.com': name,
      'shop.example.com': null,
      'www.example.com': name,
    })
  })

  it('a wildcard certificate is added without domains', async () => {
    const result = await json<CertsAddResult>([
      'certs:add',
      fixture('chain-wildcard.pem'),
      fixture('wildcard.key'),
      '--app',
      APP,
    ])
    assert.ok(result.endpoint)
    wildcardName = result.endpoint.name
    assert.deepEqual(result.associations, [])
    assert.equal(api.snapshot(APP).endpoints.length, 2)
  })

  it('certs lists both, in creation order, with the domain ids the API sends, in one request each time', async () => {
    const before = api.requests.length
    const endpoints = await json<SniEndpointJson[]>(['certs', '--app', APP])
    const ids = Object.fromEntries(api.snapshot(APP).domains.map((d) => [d.hostname as string, d.id as string]))
    assert.deepEqual(
      endpoints.map((e) => [e.name, e.domains]),
      [
        [name, [ids['www.example.com'], ids['example.com']]],
        [wildcardName, []],
      ],
    )
    const table = (await sni(['certs', '--app', APP])).stdout
    assert.ok(table.includes(name) && table.includes(wildcardName))
    assert.deepEqual(
      api.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      [`GET /apps/${APP}/sni-endpoints`, `GET /apps/${APP}/sni-endpoints`],
      'no domain listing for a certificate listing',
    )
  })

  it('certs:info --endpoint finds the certificate serving a hostname (one GET of that domain)', async () => {
    const before = api.requests.length
    const endpoint = await json<SniEndpointJson>(['certs:info', '--app', APP, '--endpoint', 'www.example.com'])
    assert.equal(endpoint.name, name)
    assert.deepEqual(endpoint.ssl_cert?.cert_domains, ['www.example.com', 'example.com'])
    assert.equal(endpoint.sni.keyType, 'RSA 2048')
    assert.deepEqual(
      api.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      [`GET /apps/${APP}/sni-endpoints`, `GET /apps/${APP}/domains/www.example.com`],
    )
  })

  it('certs:update replaces the certificate and keeps its domains', async () => {
    const before = api.snapshot(APP).endpoints.find((e) => e.name === name)
    await sni([
      'certs:update',
      fixture('chain-ecdsa-p256.pem'),
      fixture('leaf-ecdsa-p256.key'),
      '--app',
      APP,
      '--name',
      name,
      '--confirm',
      APP,
    ])
    const after = api.snapshot(APP).endpoints.find((e) => e.name === name)
    assert.notEqual(after?.certificate_chain, before?.certificate_chain)
    assert.equal(after?.id, before?.id)
    const endpoint = await json<SniEndpointJson>(['certs:info', '--app', APP, '--name', name, '--show-domains'])
    assert.equal(endpoint.sni.keyType, 'ECDSA P-256')
    assert.deepEqual(endpoint.sni.domainHostnames, ['www.example.com', 'example.com'])
  })

  it('domains:update moves a domain to the wildcard certificate', async () => {
    await sni(['domains:update', 'api.example.com', '--cert', wildcardName, '--app', APP])
    await sni(['domains:update', 'www.example.com', '--cert', wildcardName, '--app', APP])
    assert.deepEqual(associations(), {
      'api.example.com': wildcardName,
      'example.com': name,
      'shop.example.com': null,
      'www.example.com': wildcardName,
    })
  })

  it('certs:remove deletes one certificate; its domain is left without one, the other untouched', async () => {
    const removed = await json<SniEndpointJson>(['certs:remove', '--app', APP, '--name', name, '--confirm', APP])
    assert.equal(removed.name, name)
    assert.deepEqual(removed.sni.domainHostnames, ['example.com'])
    assert.deepEqual(
      api.snapshot(APP).endpoints.map((e) => e.name),
      [wildcardName],
    )
    assert.deepEqual(associations(), {
      'api.example.com': wildcardName,
      'example.com': null,
      'shop.example.com': null,
      'www.example.com': wildcardName,
    })
  })

  it('sent only the requests the flow needs: no request per domain, private keys only in uploads', () => {
    const uploads = api.requests.filter((r) => r.privateKeySha256 !== undefined)
    assert.deepEqual(
      uploads.map((r) => r.method),
      ['POST', 'POST', 'PATCH'],
    )
    assert.ok(api.requests.every((r) => r.authorized))
    // Domain ids are read one by one only where output names them: certs:update's coverage check (2),
    // certs:info --show-domains (2) and certs:remove's message (1).
    assert.equal(api.requests.filter((r) => /\/domains\/[0-9a-f]{8}-/.test(r.path)).length, 5)
  })
})
