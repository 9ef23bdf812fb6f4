// Mocha root hooks: loaded before any test file (see .mocharc.yml).
// First: oclif must load as it does under bin/run.js with piped output (in-process runs print the same).
import './piped-process.js'

import nock from 'nock'
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {ensureFixtures} from './fixtures.js'
import {checkPrintedCommands} from './hint-check.js'

// Fixed terminal width so human output compares exactly.
process.env.COLUMNS = '120'
// Tests must never pick up a developer's real credentials or platform choice.
delete process.env.HEROKU_API_KEY
delete process.env.SNI_PLATFORM
delete process.env.SNI_KEY_PASSPHRASE
// CI=true turns every prompt off (src/prompts/may-prompt.ts); prompt tests set it themselves.
delete process.env.CI

// With a manifest in the tree, oclif loads commands from dist/ and tests silently run stale code
// (stack.md, gotcha 1). It is generated only in prepack and removed in postpack.
const manifest = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'oclif.manifest.json')
if (existsSync(manifest))
  throw new Error(`${manifest} exists: tests would run stale dist/ code. Delete it (npm run postpack).`)

ensureFixtures()

export const mochaHooks = {
  beforeAll(): void {
    nock.disableNetConnect()
    nock.enableNetConnect((host: string) => host.startsWith('127.0.0.1') || host.startsWith('localhost'))
  },
  afterEach(): void {
    nock.cleanAll()
  },
  /**
   * Every hint, next step and example the command tests saw printed must parse (test/helpers/hint-check.ts).
   * Once at the end of a serial run; in parallel mode after each file, in its worker (each worker has its own record).
   */
  async afterAll(): Promise<void> {
    const problems = await checkPrintedCommands()
    if (problems.length > 0)
      throw new Error(`printed commands that cannot be pasted as they are:\n  ${problems.join('\n  ')}`)
  },
}
