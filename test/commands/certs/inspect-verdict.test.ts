import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {PreflightReport} from '../../../src/lib/display/preflight-report.js'
import {issueExpiredCrossSign, issueIntermediate, issueLeaf, issueRoot} from '../../helpers/certificate-builder.js'
import {fixturesDir} from '../../helpers/fixtures.js'
import {parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {findingCodes, type SniRun, startSni} from '../../helpers/run-sni.js'

const DAY = 24 * 3600 * 1000

describe('certs:inspect --hostname --at: the verdict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sni-verdict-'))
  const years = new Date(Date.now() + 3650 * DAY)
  const root = issueRoot('Verdict Root', {notAfter: years})
  const intermediate = issueIntermediate(root, 'Verdict CA', {notAfter: years})
  const leaf = issueLeaf(intermediate, {dnsNames: ['www.example.com', 'example.com']})
  const crossSigned = issueExpiredCrossSign(root)
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }

  const chain = file('chain.pem', leaf.pem + intermediate.pem)
  const withCross = file('cross.pem', leaf.pem + intermediate.pem + crossSigned.pem)
  const ca = file('root.pem', root.pem)
  const inspect = (...args: string[]) => startSni(['certs:inspect', ...args], {cwd: fixturesDir})
  const runs: Record<string, Promise<SniRun>> = {}
  before(() => {
    runs.yes = inspect(chain, '--ca', ca, '--hostname', 'www.example.com', '--hostname', 'example.com')
    runs.yesJson = inspect(chain, '--ca', ca, '--hostname', 'www.example.com', '--at', '2030-01-01', '--json')
    runs.expired = inspect(chain, '--ca', ca, '--at', new Date(Date.now() + 120 * DAY).toISOString(), '--json')
    runs.otherName = inspect(chain, '--ca', ca, '--hostname', 'api.example.com')
    runs.cross = inspect(withCross, '--ca', ca, '--json')
    runs.badTime = inspect(chain, '--at', '2026-12-01T09:00', '--json')
    runs.badHost = inspect(chain, '--hostname', 'bad_host.example.com')
    runs.noName = inspect(chain, '--ca', ca)
  })
  after(() => rmSync(dir, {force: true, recursive: true}))

  it('states yes, why, for which names and when', async () => {
    const {exitCode, stderr, stdout} = await (runs.yes as Promise<SniRun>)
    assert.equal(exitCode, 0, stderr)
    const line = stdout.split('\n').find((l) => l.startsWith('Verdict: '))
    assert.match(
      line ?? '',
      /^Verdict: a browser would accept this chain for www\.example\.com, example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC: yes, because it chains through 1 intermediate to \/CN=Verdict Root \(given with --ca\), every signature verifies/,
    )
    assert.equal(stderr, '')
  })

  it('puts the verdict in --json (schema certs-inspect), judged at --at', async () => {
    const run = await (runs.yesJson as Promise<SniRun>)
    assert.equal(run.exitCode, 3, 'the leaf has expired by 2030: certs:add would refuse it then')
    const report = parseJsonOutput<PreflightReport>('certs-inspect', run.stdout)
    assert.deepEqual(report.verdict, {
      accepted: false,
      at: '2030-01-01T00:00:00.000Z',
      hostnames: ['www.example.com'],
      reasons: report.verdict.reasons,
    })
    assert.deepEqual(
      report.verdict.reasons.map((r) => r.code),
      ['CERT_EXPIRED'],
      'the leaf lasts 90 days',
    )
  })

  it('judges the chain at --at: "will it still be valid then?" (exit 3: certs:add would refuse it then)', async () => {
    const run = await (runs.expired as Promise<SniRun>)
    assert.equal(run.exitCode, 3)
    const report = parseJsonOutput<PreflightReport>('certs-inspect', run.stdout)
    assert.equal(report.verdict.accepted, false)
    assert.deepEqual(
      report.findings.map((f) => f.code),
      ['CERT_EXPIRED'],
    )
  })

  it('refuses a --hostname the certificate does not cover, naming what it is for', async () => {
    const {exitCode, stderr, stdout} = await (runs.otherName as Promise<SniRun>)
    assert.equal(exitCode, 3)
    assert.deepEqual(findingCodes(stderr), ['HOSTNAME_NOT_COVERED'])
    assert.match(stderr, /does not cover api\.example\.com: it is for www\.example\.com, example\.com\./)
    assert.match(stdout, /: no, because:\n {2}- .*does not cover api\.example\.com.* \(HOSTNAME_NOT_COVERED\)/)
  })

  it('accepts a chain that carries an expired cross-signed copy of the --ca root', async () => {
    const run = await (runs.cross as Promise<SniRun>)
    assert.equal(run.exitCode, 0, run.stderr)
    const report = parseJsonOutput<PreflightReport>('certs-inspect', run.stdout)
    assert.equal(report.verdict.accepted, true)
    assert.equal(report.ok, true)
    assert.deepEqual(
      report.findings.map((f) => `${f.severity}:${f.code}`),
      ['warning:CHAIN_EXPIRED_CROSS_SIGN'],
    )
  })

  it('refuses a time without a zone before reading any file (exit 2, INVALID_TIME)', async () => {
    const run = await (runs.badTime as Promise<SniRun>)
    const error = parseJsonError(run)
    assert.equal(error.code, 'INVALID_TIME')
    assert.equal(run.exitCode, 2)
    assert.match(error.message, /--at "2026-12-01T09:00" is not a time sni can use: the time has no zone/)
  })

  it('refuses a malformed --hostname (exit 2, INVALID_HOSTNAME)', async () => {
    const {exitCode, stderr} = await (runs.badHost as Promise<SniRun>)
    assert.equal(exitCode, 2)
    assert.match(stderr, /--hostname "bad_host\.example\.com" is not a valid hostname/)
  })

  it('says when no name was checked', async () => {
    const {stdout} = await (runs.noName as Promise<SniRun>)
    assert.match(
      stdout,
      /Verdict: a browser would accept this chain at .* \(no --hostname given, so names are not checked\): yes, because .*no --hostname was given, so no name was checked\./,
    )
  })
})
