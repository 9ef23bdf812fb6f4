import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {FakeHerokuApi, type FakeHerokuApiOptions} from '../../helpers/fake-heroku-api.js'

/**
 * The scenarios of the Heroku parity suite (heroku-parity.test.ts), shared with the script that records
 * the official heroku CLI's output for them (scripts/record-heroku-parity.ts). Each starts its own fake
 * Heroku API in deterministic mode (ids, DNS targets and dates from counters and a fixed clock) with the
 * same seed, so both CLIs see exactly the same API data.
 */

export const PARITY_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'heroku-parity')
export const RECORDING_FILE = join(PARITY_DIR, 'heroku-11.10.json')

export const WILDCARD = 'tyrannosaurus-12345'
export const WWW = 'stegosaurus-67890'
const wildcardChain = readFileSync(join(PARITY_DIR, 'wildcard.crt'), 'utf8')
const wwwChain = readFileSync(join(PARITY_DIR, 'www.crt'), 'utf8')

/** What a run of either CLI printed, and the requests it sent (`METHOD path`). */
export interface ParityRun {
  stdout: string
  stderr: string
  exitCode: number
  requests: string[]
}

/** How sni's run may differ from heroku's: each difference is written out here, and in the README. */
export interface ParityExpectation {
  /** sni's stdout from heroku's (after the CLI name is replaced); default: the same. */
  stdout?: (heroku: string) => string
  /** sni's stderr from heroku's; default: the same. */
  stderr?: (heroku: string) => string
  /** sni's hint after heroku's error text: ` ›   Try this: HINT` (however oclif wraps it). */
  hint?: string
  /** When stdout is JSON: compare parsed, without sni's `sni` additions. */
  json?: boolean
  /** sni's exit code where it differs (documented exit codes: 5 = the platform refused). */
  exit?: number
  /** What the differences are, in words (the suite prints them when a comparison fails). */
  why?: string
}

export interface ParityScenario {
  name: string
  /** Arguments given to both CLIs. */
  args: string[]
  /** Arguments only sni gets (documented: --confirm off a terminal). */
  sniArgs?: string[]
  /** Run from a git repository whose `heroku` remote points at this app (no -a). */
  gitRemoteApp?: string
  api?: FakeHerokuApiOptions
  seed?: (api: FakeHerokuApi) => void
  /** sni's request log, exactly (a function of the API after the run where it names domain ids). */
  requests: string[] | ((api: FakeHerokuApi) => string[])
  expect?: ParityExpectation
}

/**
 * The data every scenario starts from (app `example`): two certificates, one with a display name; six
 * custom domains whose API order is not text order (d0, d1, d10, d2), one failing ACM; app `empty`.
 */
export function seedBase(api: FakeHerokuApi): void {
  api.addApp('empty')
  api.seedEndpoint('example', {
    certificateChain: wildcardChain,
    name: WILDCARD,
    sslCert: {
      acm: false,
      'ca_signed?': false,
      cert_domains: ['*.example.com', 'example.com'],
      expires_at: '2036-11-26T12:49:04Z',
      id: '5e000000-0000-4000-8000-000000000001',
      issuer: '/C=US/O=Parity Example/CN=*.example.com',
      'self_signed?': true,
      starts_at: '2026-11-29T12:49:04Z',
      subject: '/C=US/O=Parity Example/CN=*.example.com',
    },
  })
  api.seedEndpoint('example', {
    certificateChain: wwwChain,
    displayName: 'www-cert',
    name: WWW,
    sslCert: {
      acm: false,
      'ca_signed?': true,
      cert_domains: ['www.example.com', 'example.com'],
      expires_at: '2036-11-26T12:49:04Z',
      id: '5e000000-0000-4000-8000-000000000002',
      issuer: '/C=US/O=Parity Trust/CN=Parity Intermediate CA',
      'self_signed?': false,
      starts_at: '2026-11-29T12:49:04Z',
      subject: '/C=US/O=Parity Example/CN=www.example.com',
    },
  })
  api.seedDomain('example', 'www.example.com', {endpoint: WWW})
  api.seedDomain('example', 'example.com')
  for (const hostname of ['d0.example.com', 'd1.example.com', 'd10.example.com', 'd2.example.com'])
    api.seedDomain('example', hostname, {endpoint: WILDCARD})
  api.seedDomain('example', 'acm.example.com', {
    acmStatus: 'failing',
    acmStatusReason: 'CAA record set prevents issuance',
  })
}

const ENDPOINTS = 'GET /apps/example/sni-endpoints'
const DOMAINS = 'GET /apps/example/domains'

/** `GET /apps/example/domains/{id}` of a seeded domain. */
function domainById(api: FakeHerokuApi, hostname: string): string {
  return `GET /apps/example/domains/${String(api.snapshot('example').domains.find((d) => d.hostname === hostname)?.id)}`
}
/** The API's refusals: heroku exits 2, sni 5 ("the platform refused"), with a hint after heroku's text. */
const refused = (hint: string): ParityExpectation => ({
  exit: 5,
  hint,
  why: "sni exits 5 for the platform's refusals (heroku: 2) and adds a hint after heroku's text",
})

/** sni's certificate details start with the endpoint's name (what --name and --cert take). */
const withName = (name: string): ParityExpectation => ({
  stdout: (heroku) => heroku.replace('Certificate details:\n', `Certificate details:\nName:           ${name}\n`),
  why: "sni's certificate details start with a Name: row (what --name and --cert take)",
})

/** sni's hints are whole commands in backticks, with --app (also for an app from the git remote), so they paste and run anywhere. */
const pasteableHint = (app: string): ParityExpectation => ({
  stdout: (heroku) =>
    heroku.replace(
      /^Run (sni domains:wait \S+) to wait for completion$/m,
      `Run \`$1 --app ${app}\` to wait for completion`,
    ),
  why: 'sni prints the hint as a whole command in backticks, with --app, so it pastes and runs anywhere',
})

export const SCENARIOS: ParityScenario[] = [
  {args: ['certs', '-a', 'example'], name: 'certs', requests: [ENDPOINTS]},
  {args: ['certs'], gitRemoteApp: 'example', name: 'certs, app from the git remote', requests: [ENDPOINTS]},
  {
    args: ['certs', '-a', 'empty'],
    expect: {
      stdout: (heroku) =>
        heroku.replace('Use sni certs:add CRT KEY to add one.', 'Use `sni certs:add CRT KEY --app empty` to add one.'),
      why: 'sni prints the hint as a whole command in backticks, with --app, so it pastes and runs anywhere',
    },
    name: 'certs of an app without certificates',
    requests: ['GET /apps/empty/sni-endpoints'],
  },
  {
    args: ['certs', '-a', 'nosuchapp'],
    expect: refused('Check the app name (heroku apps lists yours) and that your account can access it.'),
    name: 'certs of an unknown app',
    requests: ['GET /apps/nosuchapp/sni-endpoints'],
  },
  {
    args: ['certs:info', '-a', 'example', '--name', WILDCARD],
    expect: withName(WILDCARD),
    name: 'certs:info --name',
    requests: [ENDPOINTS],
  },
  {
    args: ['certs:info', '-a', 'example', '--name', WILDCARD, '--show-domains'],
    expect: withName(WILDCARD),
    name: 'certs:info --show-domains (the API order)',
    requests: (api) => [
      ENDPOINTS,
      ...['d0.example.com', 'd1.example.com', 'd10.example.com', 'd2.example.com'].map((h) => domainById(api, h)),
    ],
  },
  {
    args: ['certs:info', '-a', 'example', '--endpoint', 'www.example.com'],
    expect: withName(WWW),
    name: 'certs:info --endpoint',
    requests: [ENDPOINTS, 'GET /apps/example/domains/www.example.com'],
  },
  {
    args: ['certs:remove', '-a', 'example', '--name', WWW, '--confirm', 'example'],
    expect: {
      stdout: (heroku) =>
        `${heroku}These domains no longer have a certificate, so HTTPS stops for them: www.example.com.\n`,
      why: 'sni names the domains that lose HTTPS',
    },
    name: 'certs:remove --confirm',
    requests: (api) => [
      ENDPOINTS,
      `GET /apps/example/sni-endpoints/${WWW}`,
      `DELETE /apps/example/sni-endpoints/${WWW}`,
      domainById(api, 'www.example.com'),
    ],
  },
  {args: ['domains', '-a', 'example'], name: 'domains', requests: [DOMAINS]},
  {
    args: ['domains', '-a', 'example', '-x'],
    expect: {
      stdout: (heroku) => heroku.replace(/ACM Status {3}ACM Status {17}/, 'ACM Status   ACM Status Reason          '),
      why: "sni heads the reason column 'ACM Status Reason' (heroku repeats 'ACM Status')",
    },
    name: 'domains -x',
    requests: [DOMAINS],
  },
  {
    args: ['domains', '-a', 'example', '--csv'],
    expect: {
      stdout: (heroku) => heroku.slice(heroku.indexOf('Domain Name,')),
      why: "sni's --csv prints only the CSV, so `> file.csv` is a valid file (heroku puts its section headings first)",
    },
    name: 'domains --csv',
    requests: [DOMAINS],
  },
  {args: ['domains', '-a', 'example', '--filter', 'Domain Name=d1'], name: 'domains --filter', requests: [DOMAINS]},
  {
    args: ['domains', '-a', 'example', '--sort', 'Domain Name'],
    name: 'domains --sort (natural order)',
    requests: [DOMAINS],
  },
  {
    args: ['domains', '-a', 'example', '--columns', 'Domain Name,DNS Target'],
    name: 'domains --columns',
    requests: [DOMAINS],
  },
  {args: ['domains', '-a', 'example', '--json'], expect: {json: true}, name: 'domains --json', requests: [DOMAINS]},
  {
    args: ['domains', '-a', 'empty'],
    expect: {
      stdout: (heroku) =>
        `${heroku}\nempty has no custom domains.\nUse \`sni domains:add HOSTNAME --app empty\` to add one.\n`,
      why: "sni says there is no custom domain, after heroku's text",
    },
    name: 'domains of an app without custom domains',
    requests: ['GET /apps/empty/domains'],
  },
  {
    args: ['domains:info', 'd0.example.com', '-a', 'example'],
    name: 'domains:info',
    requests: ['GET /apps/example/domains/d0.example.com'],
  },
  {
    args: ['domains:info', 'acm.example.com', '-a', 'example'],
    name: 'domains:info with ACM fields',
    requests: ['GET /apps/example/domains/acm.example.com'],
  },
  {
    args: ['domains:info', 'nope.example.com', '-a', 'example'],
    expect: refused('List the domains of example with `sni domains --app example`.'),
    name: 'domains:info of an unknown domain',
    requests: ['GET /apps/example/domains/nope.example.com'],
  },
  {
    api: {statusPendingReads: 1},
    args: ['domains:add', 'new.example.com'],
    expect: pasteableHint('empty'),
    gitRemoteApp: 'empty',
    name: 'domains:add (its follow-up lines; heroku asks no question: the app has no certificate)',
    requests: ['POST /apps/empty/domains'],
  },
  {
    args: ['domains:add', 'new.example.com', '-a', 'empty', '--json'],
    expect: {json: true},
    name: 'domains:add --json',
    requests: ['POST /apps/empty/domains'],
  },
  {
    api: {statusPendingReads: 1},
    args: ['domains:add', 'new.example.com', '-a', 'empty', '--wait'],
    expect: {
      stderr: (heroku) =>
        heroku
          .replace('Adding new.example.com to empty...\n', 'Adding new.example.com to empty... done\n')
          .replace(
            'Waiting for new.example.com... done\n',
            'Waiting for new.example.com... pending after 0 s\nWaiting for new.example.com... done\n',
          ),
      why: "heroku leaves its 'Adding' spinner unfinished when the wait starts; sni finishes it and prints a progress line per read",
    },
    name: 'domains:add --wait',
    requests: (api) => {
      const read = `GET /apps/empty/domains/${String(api.snapshot('empty').domains.find((d) => d.hostname === 'new.example.com')?.id)}`
      return ['POST /apps/empty/domains', read, read]
    },
  },
  {
    api: {statusPendingReads: 1},
    args: ['domains:add', 'new.example.com', '--cert', WILDCARD],
    expect: pasteableHint('example'),
    gitRemoteApp: 'example',
    name: 'domains:add --cert (sni checks that the certificate covers it first)',
    requests: [`GET /apps/example/sni-endpoints/${WILDCARD}`, 'POST /apps/example/domains'],
  },
  {
    args: ['domains:update', 'example.com', '--cert', WILDCARD, '-a', 'example'],
    name: 'domains:update',
    requests: [`GET /apps/example/sni-endpoints/${WILDCARD}`, 'PATCH /apps/example/domains/example.com'],
  },
  {
    args: ['domains:update', 'd1.example.com', '--cert', 'nope', '-a', 'example'],
    expect: {
      exit: 5,
      hint: 'List the certificates of example with `sni certs --app example`.',
      stderr: (heroku) => heroku.slice(heroku.indexOf('\n') + 1),
      why: "sni reads the certificate first (to refuse one that does not cover the domain), so nothing is PATCHed and no '... done' precedes the error; exit 5 and a hint",
    },
    name: 'domains:update with an unknown certificate',
    requests: ['GET /apps/example/sni-endpoints/nope'],
  },
  {
    args: ['domains:remove', 'www.example.com', '-a', 'example'],
    expect: {why: 'sni needs --confirm APP without a terminal'},
    name: 'domains:remove',
    requests: ['DELETE /apps/example/domains/www.example.com'],
    sniArgs: ['--confirm', 'example'],
  },
  {
    args: ['domains:clear', '-a', 'example'],
    expect: {why: 'sni needs --confirm APP without a terminal'},
    name: 'domains:clear',
    requests: [
      DOMAINS,
      ...[
        'www.example.com',
        'example.com',
        'd0.example.com',
        'd1.example.com',
        'd10.example.com',
        'd2.example.com',
        'acm.example.com',
      ].map((h) => `DELETE /apps/example/domains/${h}`),
    ],
    sniArgs: ['--confirm', 'example'],
  },
  {
    args: ['domains:wait', 'www.example.com', '-a', 'example'],
    name: 'domains:wait, already set up',
    requests: ['GET /apps/example/domains/www.example.com'],
  },
  {
    args: ['domains:wait', 'slow.example.com', '-a', 'example'],
    expect: {
      stderr: (heroku) =>
        heroku.replace(
          'Waiting for slow.example.com... done\n',
          'Waiting for slow.example.com... pending after 0 s\nWaiting for slow.example.com... done\n',
        ),
      why: 'sni prints a progress line per read while the domain is pending',
    },
    name: 'domains:wait, pending at first',
    requests: (api) => [
      'GET /apps/example/domains/slow.example.com',
      domainById(api, 'slow.example.com'),
      domainById(api, 'slow.example.com'),
    ],
    seed: (api) => api.seedDomain('example', 'slow.example.com', {statusPendingReads: 2}),
  },
]

/** A fresh fake API with a scenario's data. */
export async function startScenarioApi(scenario: ParityScenario): Promise<FakeHerokuApi> {
  const api = await FakeHerokuApi.start({deterministic: true, ...scenario.api})
  seedBase(api)
  scenario.seed?.(api)
  api.requests.length = 0
  return api
}

/** The heroku CLI names itself in hints; sni does too. The one systematic difference, normalised away. */
export function withSniName(text: string): string {
  return text.replaceAll(/\bheroku (certs|domains)\b/g, 'sni $1')
}

/**
 * A folder holding a minimal git repository (HEAD, refs, objects, config; enough for `git remote -v`,
 * which the heroku CLI runs) whose `heroku` remote points at APP. The caller removes it.
 */
export function makeGitRemoteRepo(app: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sni-parity-repo-'))
  mkdirSync(join(dir, '.git', 'objects'), {recursive: true})
  mkdirSync(join(dir, '.git', 'refs', 'heads'), {recursive: true})
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n')
  writeFileSync(
    join(dir, '.git', 'config'),
    `[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote "heroku"]\n\turl = https://git.heroku.com/${app}.git\n\tfetch = +refs/heads/*:refs/remotes/heroku/*\n`,
  )
  return dir
}

/** A recording of the heroku CLI (scripts/record-heroku-parity.ts writes it). */
export interface ParityRecording {
  /** `heroku --version` of the CLI that was recorded. */
  recordedWith: string
  recordedAt: string
  how: string
  scenarios: Record<string, ParityRun & {args: string[]}>
}
