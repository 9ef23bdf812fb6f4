import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {SniEndpointJson} from '../../../src/lib/display/sni-endpoint-json.js'
import {oneLine, runSni} from '../../helpers/run-sni.js'
import {
  makeGitRemoteRepo,
  type ParityRecording,
  type ParityRun,
  RECORDING_FILE,
  SCENARIOS,
  startScenarioApi,
  withSniName,
} from './parity-scenarios.js'

// Heroku parity: every scenario runs through sni against the fake Heroku API and is compared with what
// the official heroku CLI 11.10 printed for the same API data (recorded by scripts/record-heroku-parity.ts
// into test/fixtures/heroku-parity/heroku-11.10.json). Differences are only those each scenario writes
// out (and the README lists); sni's request log is asserted exactly.

/** sni's output JSON without its own additions (the `sni` key of endpoints). */
function withoutSniAdditions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutSniAdditions(v))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'sni')
      .map(([key, v]) => [key, withoutSniAdditions(v)]),
  )
}

function describeRuns(sni: ParityRun, heroku: ParityRun): string {
  const show = (label: string, run: ParityRun): string =>
    `${label}: exit ${run.exitCode}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}--- requests\n${run.requests.join('\n')}`
  return `\n${show('sni', sni)}\n${show('heroku 11.10', heroku)}`
}

describe('Heroku parity: sni against heroku 11.10, recorded for the same API data', () => {
  const recording = existsSync(RECORDING_FILE)
    ? (JSON.parse(readFileSync(RECORDING_FILE, 'utf8')) as ParityRecording)
    : undefined
  let home: string

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-parity-home-'))
  })

  after(() => {
    rmSync(home, {force: true, recursive: true})
  })

  it('has a recording of the official CLI for every scenario (npm run parity:record re-records)', () => {
    assert.ok(recording, `${RECORDING_FILE} is missing: run npm run parity:record with the heroku CLI 11.10 installed`)
    assert.match(recording.recordedWith, /^heroku\/11\.10\./)
    assert.deepEqual(Object.keys(recording.scenarios).sort(), SCENARIOS.map((s) => s.name).sort())
    for (const scenario of SCENARIOS)
      assert.deepEqual(
        recording.scenarios[scenario.name]?.args,
        scenario.args,
        `${scenario.name}: recorded with other arguments; re-record`,
      )
  })

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const heroku = recording?.scenarios[scenario.name]
      assert.ok(heroku, 'no recording for this scenario: run npm run parity:record')
      const api = await startScenarioApi(scenario)
      let expectedRequests: string[] = []
      const repo = scenario.gitRemoteApp ? makeGitRemoteRepo(scenario.gitRemoteApp) : undefined
      let sni: ParityRun
      try {
        const run = await runSni([...scenario.args, ...(scenario.sniArgs ?? [])], {
          cwd: repo,
          env: api.env({HEROKU_APP: undefined, HOME: home, SNI_POLL_INTERVAL_MS: '100'}),
        })
        sni = {...run, requests: api.requests.map((r) => `${r.method} ${r.path}`)}
        expectedRequests = typeof scenario.requests === 'function' ? scenario.requests(api) : scenario.requests
      } finally {
        await api.close()
        if (repo) rmSync(repo, {force: true, recursive: true})
      }

      const expect = scenario.expect ?? {}
      const context = `${expect.why ? `documented difference: ${expect.why}` : 'no documented difference'}${describeRuns(sni, heroku)}`
      assert.equal(sni.exitCode, expect.exit ?? heroku.exitCode, context)
      if (expect.json) {
        assert.deepEqual(withoutSniAdditions(JSON.parse(sni.stdout)), JSON.parse(heroku.stdout), context)
      } else {
        assert.equal(sni.stdout, (expect.stdout ?? ((h: string) => h))(withSniName(heroku.stdout)), context)
      }

      // sni's progress lines say how long it has waited; that depends on the machine's load.
      const elapsed = (text: string): string => text.replaceAll(/ after \d+ s\n/g, ' after N s\n')
      const herokuStderr = elapsed((expect.stderr ?? ((h: string) => h))(withSniName(heroku.stderr)))
      if (expect.hint === undefined) {
        assert.equal(elapsed(sni.stderr), herokuStderr, context)
      } else {
        assert.ok(sni.stderr.startsWith(herokuStderr), context)
        assert.equal(oneLine(sni.stderr.slice(herokuStderr.length)), `Try this: ${expect.hint}`, context)
      }

      assert.deepEqual(sni.requests, expectedRequests, `sni's requests${context}`)
    })
  }

  it("certs --json prints the API's SniEndpoint objects as the API sent them, plus `sni` (heroku has no certs --json)", async () => {
    const scenario = SCENARIOS[0] as (typeof SCENARIOS)[number]
    const api = await startScenarioApi(scenario)
    try {
      const [list, info] = await Promise.all([
        runSni(['certs', '-a', 'example', '--json'], {env: api.env({HOME: home})}),
        runSni(['certs:info', '-a', 'example', '--name', 'tyrannosaurus-12345', '--show-domains', '--json'], {
          env: api.env({HOME: home}),
        }),
      ])
      const wire = api.snapshot('example').endpoints
      const listed = JSON.parse(list.stdout) as SniEndpointJson[]
      assert.deepEqual(withoutSniAdditions(listed), wire)
      assert.deepEqual(
        Object.keys(listed[0] ?? {}),
        [...Object.keys(wire[0] ?? {}), 'sni'],
        "the API's keys in the API's order, then sni's",
      )
      assert.deepEqual(listed[0]?.sni, {fingerprint256: listed[0]?.sni.fingerprint256, keyType: 'ECDSA P-256'})
      const shown = JSON.parse(info.stdout) as SniEndpointJson
      assert.deepEqual(withoutSniAdditions(shown), wire[0])
      assert.deepEqual(shown.sni.domainHostnames, [
        'd0.example.com',
        'd1.example.com',
        'd10.example.com',
        'd2.example.com',
      ])
    } finally {
      await api.close()
    }
  })
})
