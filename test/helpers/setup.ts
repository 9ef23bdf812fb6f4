// Mocha root hooks: loaded before any test file (see .mocharc.yml).
import nock from 'nock'

import {ensureFixtures} from './fixtures.js'

// Fixed terminal width so human output compares exactly.
process.env.COLUMNS = '120'
// Tests must never pick up a developer's real credentials or platform choice.
delete process.env.HEROKU_API_KEY
delete process.env.SNI_PLATFORM
delete process.env.SNI_KEY_PASSPHRASE

ensureFixtures()

export const mochaHooks = {
  beforeAll(): void {
    nock.disableNetConnect()
    nock.enableNetConnect((host: string) => host.startsWith('127.0.0.1') || host.startsWith('localhost'))
  },
  afterEach(): void {
    nock.cleanAll()
  },
}
