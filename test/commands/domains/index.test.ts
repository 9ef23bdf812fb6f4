import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SecretPem} from '../../../src/lib/cert/secret-pem.js'
import {openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import type {Domain} from '../../../src/platform/models.js'
import {fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {assertSchemaRefusesPrivateKeys, parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {assertNoSecrets, oneLine, runSni, type SniRun} from '../../helpers/run-sni.js'

const SECRETS = ['wildcard.key'].map((name) => readFixture(name).toString('utf8'))

/** Heroku's table layout, written out independently: 2-space pad, 3 spaces between columns, a rule from column 1, a blank line. */
function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('   ')}`.trimEnd()
  const width = 2 + widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1)
  return [line(headers), ` ${'─'.repeat(width - 1)}`, ...rows.map((r) => line(r)), '', ''].join('\n')
}

describe('domains', () => {
  let home: string
  const sni = async (...args: string[]): Promise<SniRun> => {
    const run = await runSni(args, {cwd: fixturesDir, env: {SNI_HOME: home, SNI_PLATFORM: 'local'}})
    assertNoSecrets([run.stdout, run.stderr], SECRETS)
    return run
  }

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-domains-index-'))
  })
  afterEach(() => {
    rmSync(home, {force: true, recursive: true})
  })

  it('lists the custom domains with record type, DNS target and SNI endpoint; says when there are none', async () => {
    const client = openLocalPlatformClient({home})
    const added: Domain[] = []
    let endpointName: string
    try {
      const endpoint = await client.createSniEndpoint('shop', {
        certificateChain: readFixture('chain-wildcard.pem').toString('utf8'),
        privateKey: new SecretPem(readFixture('wildcard.key').toString('utf8')),
      })
      endpointName = endpoint.name
      added.push(
        await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: endpoint.name}),
        await client.addDomain('shop', {hostname: 'example.com', sniEndpoint: null}),
        await client.addDomain('shop', {hostname: '*.example.com', sniEndpoint: endpoint.name}),
        await client.addDomain('shop', {hostname: 'xn--bcher-kva.example', sniEndpoint: null}),
      )
      // An app with a certificate but no domain.
      await client.createSniEndpoint('bare', {
        certificateChain: readFixture('chain-wildcard.pem').toString('utf8'),
        privateKey: new SecretPem(readFixture('wildcard.key').toString('utf8')),
      })
    } finally {
      client.close()
    }

    const [human, json, empty, emptyJson, unknown] = await Promise.all([
      sni('domains', '--app', 'shop'),
      sni('domains', '--app', 'shop', '--json'),
      sni('domains', '--app', 'bare'),
      sni('domains', '--app', 'bare', '--json'),
      sni('domains', '--app', 'no-such-app'),
    ])
    assert.equal(human.exitCode, 0, human.stderr)
    const [www, apex, wildcard, idn] = added as [Domain, Domain, Domain, Domain]
    assert.equal(
      human.stdout,
      `=== shop Custom Domains\n\n${table(
        ['Domain Name', 'DNS Record Type', 'DNS Target', 'SNI Endpoint'],
        [
          ['www.example.com', 'CNAME', www.cname ?? '', endpointName],
          ['example.com', 'ALIAS or ANAME', apex.cname ?? '', ''],
          ['*.example.com', 'CNAME', wildcard.cname ?? '', endpointName],
          ['xn--bcher-kva.example (bücher.example)', 'ALIAS or ANAME', idn.cname ?? '', ''],
        ],
      )}`,
    )
    assert.equal(human.stderr, '')

    assert.equal(json.exitCode, 0, json.stderr)
    const listed = parseJsonOutput<Domain[]>('domains', json.stdout)
    assertSchemaRefusesPrivateKeys('domains', listed)
    assert.deepEqual(listed, added)

    assert.equal(empty.exitCode, 0, empty.stderr)
    assert.equal(empty.stdout, 'bare has no custom domains.\nUse sni domains:add HOSTNAME --app bare to add one.\n')
    assert.deepEqual(parseJsonOutput('domains', emptyJson.stdout), [])

    assert.equal(unknown.exitCode, 5)
    assert.match(oneLine(unknown.stderr), /^Error: Couldn't find that app\./)
    const error = parseJsonError(await sni('domains', '--app', '-bad', '--json'))
    assert.equal(error.exit, 2)
  })
})
