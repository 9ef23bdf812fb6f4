import assert from 'node:assert/strict'
import {createPrivateKey} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {SniEndpointJson} from '../../../src/lib/display/sni-endpoint-json.js'
import {FakeHerokuApi} from '../../helpers/fake-heroku-api.js'
import {fixture} from '../../helpers/fixtures.js'
import {assertNoSecrets, runSni, type SniRun} from '../../helpers/run-sni.js'
import {keyFragments} from '../../platform/contract.js'

// The real CLI (child process) with SNI_PLATFORM=heroku against the in-process fake Heroku API on loopback.

const APP = 'example'
const SNI_ENDPOINTS = `/apps/${APP}/sni-endpoints`
const crt = fixture('chain-in-order.pem') // leaf and intermediate
const key = fixture('leaf-rsa2048.key')
const version = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string}
).version

function describeRun(run: SniRun): string {
  return `exit ${run.exitCode}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`
}

describe('sni against the Heroku API (fake, loopback)', () => {
  let api: FakeHerokuApi
  let home: string

  beforeEach(async () => {
    api = await FakeHerokuApi.start({pageSize: 2})
    for (const hostname of ['www.example.com', 'example.com', 'api.example.com']) api.seedDomain(APP, hostname)
    // HOME without a .netrc: only HEROKU_API_KEY can give a token.
    home = mkdtempSync(join(tmpdir(), 'sni-heroku-cli-'))
  })

  afterEach(async () => {
    await api.close()
    rmSync(home, {force: true, recursive: true})
  })

  const sni = (args: string[], extra: Record<string, string | undefined> = {}): Promise<SniRun> =>
    runSni(args, {env: api.env({HOME: home, ...extra})})

  it('redacts the private key from an API error that echoes it, in text and in JSON (whole, or cut short)', async () => {
    api.failNext({fault: 'echo-private-key', method: 'POST', path: SNI_ENDPOINTS, times: 2})
    const [human, json] = [
      await sni(['certs:add', crt, key, '--app', APP]),
      await sni(['certs:add', crt, key, '--app', APP, '--json', '--platform', 'heroku'], {DEBUG: '*'}),
    ]
    // what was sent is the key normalised to PKCS#8, whatever the file held
    const sent = createPrivateKey(readFileSync(key, 'utf8')).export({format: 'pem', type: 'pkcs8'}).toString()
    assert.ok(
      api.requests.some((r) => r.method === 'POST' && r.privateKeySha256 !== undefined),
      'the key was sent',
    )
    for (const run of [human, json]) {
      assert.equal(run.exitCode, 5, describeRun(run))
      assertNoSecrets([run.stdout, run.stderr], [sent, readFileSync(key, 'utf8')])
    }

    assert.match(human.stderr, /Error: Key is invalid: \[REDACTED PRIVATE KEY\]/)
    const error = (JSON.parse(json.stdout) as {error: {message: string}}).error
    assert.match(error.message, /^Key is invalid: \[REDACTED PRIVATE KEY\]/)
  })

  async function addCertificate(domains?: string): Promise<SniEndpointJson> {
    const run = await sni(['certs:add', crt, key, '--app', APP, ...(domains ? ['--domains', domains] : []), '--json'])
    assert.equal(run.exitCode, 0, describeRun(run))
    return (JSON.parse(run.stdout) as {endpoint: SniEndpointJson}).endpoint
  }

  it('certs: lists nothing on a new app, with Heroku headers, the token and the sni user agent', async () => {
    const run = await sni(['certs', '--app', APP])
    assert.equal(run.exitCode, 0, describeRun(run))
    assert.equal(
      run.stdout,
      `${APP} has no SSL certificates.\nUse \`sni certs:add CRT KEY --app ${APP}\` to add one.\n`,
    )
    const [request] = api.requests
    assert.equal(request?.path, SNI_ENDPOINTS)
    assert.equal(request?.authorized, true)
    assert.equal(request?.headers.accept, 'application/vnd.heroku+json; version=3')
    assert.equal(request?.headers.userAgent, `sni/${version}`)
    assert.match(request?.headers.requestId ?? '', /^[0-9a-f-]{36}$/)
  })

  it('certs:add --domains: uploads chain and key, associates each domain and reports each with its DNS target', async () => {
    const run = await sni(['certs:add', crt, key, '--app', APP, '--domains', 'www.example.com,example.com'])
    assert.equal(run.exitCode, 0, describeRun(run))
    const {endpoints, domains} = api.snapshot(APP)
    assert.equal(endpoints.length, 1)
    const name = endpoints[0]?.name as string
    assert.match(run.stderr, /Adding SSL certificate to example\.\.\. done/)
    assert.match(
      run.stdout,
      /^Certificate details:\nName: {11}[a-z]+-\d{5}\nCommon Name\(s\): www\.example\.com\n {16}example\.com\n/,
    )
    assert.match(
      run.stdout,
      /Domains now using this certificate:\n {2}✓ www\.example\.com {2}CNAME {11}[a-z]+-[a-z]+-[0-9a-f]+\.herokudns\.com\n {2}✓ example\.com {6}ALIAS or ANAME {2}[a-z]+-[a-z]+-[0-9a-f]+\.herokudns\.com\n/,
    )
    const post = api.requests.find((r) => r.method === 'POST')
    assert.deepEqual(Object.keys(post?.body as object).sort(), ['certificate_chain', 'private_key'])
    assert.equal(
      (post?.body as {certificate_chain: string}).certificate_chain.match(/BEGIN CERTIFICATE/g)?.length,
      2,
      'leaf and intermediate',
    )
    assert.equal(post?.privateKeySha256?.length, 64)
    assert.deepEqual(api.mutations(), [
      `POST ${SNI_ENDPOINTS}`,
      `PATCH /apps/${APP}/domains/www.example.com`,
      `PATCH /apps/${APP}/domains/example.com`,
    ])
    for (const r of api.requests.filter((q) => q.method === 'PATCH')) assert.deepEqual(r.body, {sni_endpoint: name})
    const byHost = new Map(domains.map((d) => [d.hostname, d]))
    assert.deepEqual(byHost.get('www.example.com')?.sni_endpoint, {id: endpoints[0]?.id, name})
    assert.deepEqual(byHost.get('example.com')?.sni_endpoint, {id: endpoints[0]?.id, name})
    assert.equal(byHost.get('api.example.com')?.sni_endpoint, null)
  })

  it('certs:add waits (bounded) for a domain just added to get its DNS target, then reports it', async () => {
    api.seedDomain(APP, 'shop.example.com', {pendingReads: 1})
    const wildcard = await sni([
      'certs:add',
      fixture('chain-wildcard.pem'),
      fixture('wildcard.key'),
      '--app',
      APP,
      '--domains',
      'shop.example.com',
      '--json',
    ])
    assert.equal(wildcard.exitCode, 0, describeRun(wildcard))
    const result = JSON.parse(wildcard.stdout) as {
      associations: Array<{cname: string | null; hostname: string; ok: boolean}>
    }
    assert.equal(result.associations[0]?.ok, true)
    assert.match(result.associations[0]?.cname ?? '', /\.herokudns\.com$/)
    // the domain listing was read again after the first answer showed cname null
    assert.ok(api.requests.filter((r) => r.method === 'GET' && r.path === `/apps/${APP}/domains`).length >= 4)
  })

  it('certs:add where one of two domain updates fails: exit 6, the other domain done, the exact resume command printed', async () => {
    api.failNext({
      fault: {body: {id: 'invalid_params', message: 'Domain is being updated; try again shortly.'}, status: 422},
      method: 'PATCH',
      path: `/apps/${APP}/domains/example.com`,
    })
    const run = await sni(['certs:add', crt, key, '--app', APP, '--domains', 'www.example.com,example.com'])
    assert.equal(run.exitCode, 6, describeRun(run))
    const {domains, endpoints} = api.snapshot(APP)
    const name = endpoints[0]?.name as string
    assert.match(run.stdout, /✓ www\.example\.com/)
    assert.match(run.stdout, /✗ example\.com {6}Domain is being updated; try again shortly\./)
    assert.ok(
      run.stdout.includes(`resume with: sni domains:update example.com --cert ${name} --app ${APP}\n`),
      describeRun(run),
    )
    assert.equal(domains.find((d) => d.hostname === 'www.example.com')?.sni_endpoint !== null, true)
    assert.equal(domains.find((d) => d.hostname === 'example.com')?.sni_endpoint, null)
    assert.equal(endpoints.length, 1, 'no rollback, no duplicate')
  })

  it('certs and certs:info show the endpoint with its domains by hostname', async () => {
    const endpoint = await addCertificate('www.example.com')
    const list = await sni(['certs', '--app', APP])
    assert.equal(list.exitCode, 0, describeRun(list))
    assert.match(
      list.stdout,
      new RegExp(`^ {2}Name {2,}Common Name\\(s\\) {2,}Expires {2,}Trusted {3}Type {3}Domains\\n`),
    )
    assert.match(
      list.stdout,
      new RegExp(
        `\\n {2}${endpoint.name} {2,}www\\.example\\.com, example\\.com {2,}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC {2,}False {5}SNI {4}1\\n`,
      ),
    )

    const info = await sni(['certs:info', '--app', APP, '--show-domains'])
    assert.equal(info.exitCode, 0, describeRun(info))
    assert.match(info.stdout, /^Certificate details:\n/)
    assert.match(info.stdout, /\nDomain\(s\): {6}www\.example\.com\n/)
    assert.match(info.stdout, /\nIssuer: {9}\/C=US\/O=Fixture Trust\/CN=Fixture Intermediate CA\n/)

    const json = await sni(['certs:info', '--app', APP, '--name', endpoint.name, '--show-domains', '--json'])
    const shown = JSON.parse(json.stdout) as SniEndpointJson
    assert.deepEqual(shown.sni.domainHostnames, ['www.example.com'])
    assert.equal(shown.sni.keyType, 'RSA 2048')
    assert.match(shown.sni.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
  })

  it('certs:update --confirm replaces chain and key with one PATCH, keeping name and domains', async () => {
    const endpoint = await addCertificate('www.example.com')
    const before = api.requests.length
    const run = await sni([
      'certs:update',
      fixture('chain-ecdsa-p256.pem'),
      fixture('leaf-ecdsa-p256.key'),
      '--app',
      APP,
      '--confirm',
      APP,
    ])
    assert.equal(run.exitCode, 0, describeRun(run))
    assert.match(run.stdout, /Updated certificate details:\n/)
    assert.match(run.stderr, new RegExp(`Updating SSL certificate ${endpoint.name} for ${APP}\\.\\.\\. done`))
    const mutations = api.requests.slice(before).filter((r) => r.method !== 'GET')
    assert.deepEqual(
      mutations.map((r) => `${r.method} ${r.path}`),
      [`PATCH ${SNI_ENDPOINTS}/${endpoint.name}`],
    )
    assert.deepEqual(Object.keys(mutations[0]?.body as object).sort(), ['certificate_chain', 'private_key'])
    const [stored] = api.snapshot(APP).endpoints
    assert.equal(stored?.name, endpoint.name)
    assert.notEqual(stored?.certificate_chain, endpoint.certificate_chain)
    assert.equal((stored?.domains as string[]).length, 1)
  })

  it('domains:update associates a domain with the certificate (PATCH {"sni_endpoint": name})', async () => {
    const endpoint = await addCertificate()
    const run = await sni(['domains:update', 'example.com', '--cert', endpoint.name, '--app', APP])
    assert.equal(run.exitCode, 0, describeRun(run))
    assert.match(run.stderr, new RegExp(`Updating example\\.com to use ${endpoint.name} certificate\\.\\.\\. done`))
    const patch = api.requests.find((r) => r.method === 'PATCH')
    assert.equal(patch?.path, `/apps/${APP}/domains/example.com`)
    assert.deepEqual(patch?.body, {sni_endpoint: endpoint.name})
    assert.equal(api.snapshot(APP).domains.find((d) => d.hostname === 'example.com')?.sni_endpoint !== null, true)
  })

  it('certs:remove --confirm deletes the endpoint and names the domains that lose it', async () => {
    const endpoint = await addCertificate('www.example.com,example.com')
    const run = await sni(['certs:remove', '--app', APP, '--confirm', APP])
    assert.equal(run.exitCode, 0, describeRun(run))
    assert.match(run.stderr, new RegExp(`Removing SSL certificate ${endpoint.name} from ${APP}\\.\\.\\. done`))
    assert.match(run.stdout, /no longer have a certificate, so HTTPS stops for them: www\.example\.com, example\.com\./)
    assert.ok(api.mutations().includes(`DELETE ${SNI_ENDPOINTS}/${endpoint.name}`))
    assert.deepEqual(api.snapshot(APP).endpoints, [])
    assert.ok(api.snapshot(APP).domains.every((d) => d.sni_endpoint === null))
  })

  it('an API refusal (422) exits 5 with the message and the Error ID; nothing else is sent', async () => {
    api.failNext({
      fault: {
        body: {id: 'unprocessable_entity', message: 'This certificate is not accepted by the platform.'},
        status: 422,
      },
      method: 'POST',
      path: SNI_ENDPOINTS,
    })
    const run = await sni(['certs:add', crt, key, '--app', APP, '--domains', 'www.example.com'])
    assert.equal(run.exitCode, 5, describeRun(run))
    // Heroku's layout: the message, a blank line, the API's error id; then our hint.
    assert.match(
      run.stderr,
      / › {3}Error: This certificate is not accepted by the platform\.\n ›\n › {3}Error ID: unprocessable_entity\n › {3}Try this: /,
    )
    assert.deepEqual(api.mutations(), [`POST ${SNI_ENDPOINTS}`])
  })

  it('an unknown app: "Couldn\'t find that app." exit 5', async () => {
    const run = await sni(['certs', '--app', 'no-such-app'])
    assert.equal(run.exitCode, 5, describeRun(run))
    assert.match(
      run.stderr,
      / › {3}Error: Couldn't find that app\.\n ›\n › {3}Error ID: not_found\n › {3}Try this: Check the app name/,
    )
  })

  it('no token: exit 4 and no request', async () => {
    const run = await sni(['certs', '--app', APP], {HEROKU_API_KEY: undefined})
    assert.equal(run.exitCode, 4, describeRun(run))
    assert.match(run.stderr, /not logged in to Heroku/)
    assert.deepEqual(api.requests, [])
  })

  it('a token the API rejects: exit 4, and the token is never printed', async () => {
    const token = 'wrong-token-4f1c9a7e2b'
    const run = await sni(['certs', '--app', APP], {DEBUG: '*', HEROKU_API_KEY: token})
    assert.equal(run.exitCode, 4, describeRun(run))
    assert.match(run.stderr, /rejected the token/)
    assertNoSecrets([run.stdout, run.stderr], [token])
  })

  it('a bad HEROKU_HOST: exit 2 before any file is read or any request is sent', async () => {
    const run = await sni(['certs:add', 'does-not-exist.crt', 'does-not-exist.key', '--app', APP], {
      HEROKU_HOST: 'http://api.heroku.com.evil.example',
    })
    assert.equal(run.exitCode, 2, describeRun(run))
    assert.match(run.stderr, /HEROKU_HOST/)
    assert.doesNotMatch(run.stderr, /does-not-exist/)
    assert.deepEqual(api.requests, [])
  })

  it('DEBUG=* through success and failure: no key material and no token in any output', async () => {
    const token = 'sni-test-token-7d3e5c1b9a0f'
    api.token = token
    const debug = {DEBUG: '*', HEROKU_API_KEY: token, HEROKU_DEBUG: '1'}
    const runs: SniRun[] = []
    runs.push(await sni(['certs:add', crt, key, '--app', APP, '--domains', 'www.example.com'], debug))
    api.failNext({commit: true, fault: 500, method: 'POST', path: SNI_ENDPOINTS})
    runs.push(await sni(['certs:add', fixture('chain-wildcard.pem'), fixture('wildcard.key'), '--app', APP], debug))
    api.failNext({
      fault: {body: {id: 'unprocessable_entity', message: 'Refused.'}, status: 422},
      method: 'PATCH',
      path: /^\/apps\/example\/sni-endpoints\//,
    })
    runs.push(
      await sni(
        [
          'certs:update',
          fixture('chain-ecdsa-p256.pem'),
          fixture('leaf-ecdsa-p256.key'),
          '--app',
          APP,
          '--name',
          api.snapshot(APP).endpoints[0]?.name as string,
          '--confirm',
          APP,
        ],
        debug,
      ),
    )
    runs.push(await sni(['certs:add', crt, fixture('leaf-ecdsa-p256.key'), '--app', APP], debug))
    runs.push(await sni(['certs', '--app', APP, '--json'], debug))
    assert.deepEqual(
      runs.map((r) => r.exitCode),
      [0, 0, 5, 3, 0],
      runs.map((r) => describeRun(r)).join('\n'),
    )
    assert.equal(api.snapshot(APP).endpoints.length, 2, 'the lost answer was reconciled, not duplicated')
    const outputs = runs.flatMap((r) => [r.stdout, r.stderr])
    // The token, and any PEM private key header, anywhere.
    assertNoSecrets(outputs, [token])
    // Key material: 40-character runs of each key's base64 that do not also occur in its (public)
    // certificate, whose chain `certs --json` prints (an RSA key holds the certificate's modulus).
    const flat = outputs.join('\n').replaceAll(/\s/g, '')
    const pairs: Array<[key: string, cert: string]> = [
      ['leaf-rsa2048.key', 'leaf-rsa2048.crt'],
      ['wildcard.key', 'wildcard.crt'],
      ['leaf-ecdsa-p256.key', 'leaf-ecdsa-p256.crt'],
    ]
    for (const [keyName, certName] of pairs) {
      const fragments = keyFragments(readFileSync(fixture(keyName), 'utf8'), readFileSync(fixture(certName), 'utf8'))
      assert.ok(fragments.length >= 3)
      for (const fragment of fragments) assert.ok(!flat.includes(fragment), `output holds part of ${keyName}`)
    }
  })
})
