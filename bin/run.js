#!/usr/bin/env node
import {dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

import {findBuildProblem, refuseStaleBuild} from './build-check.js'
import {requireBundle} from './compile-cache.js'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const problem = findBuildProblem(root)
if (problem) refuseStaleBuild(problem)
// @oclif/core's execute and settings entries. Normally through dist/cli.js: from tsc's dist/ a
// re-export, in the published package the esbuild bundle that holds @oclif/core itself
// (scripts/bundle.js). Under NODE_ENV=test or development oclif runs src/ through tsx, dist/ may be
// absent or stale, and the commands use node_modules' @oclif/core: so does this.
const sources = process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development'
// The published package's bundle is CommonJS, compiled with a code cache (bin/compile-cache.js).
const cli = sources
  ? {
      execute: async (options) => (await import('@oclif/core/execute')).execute(options),
      settings: (await import('@oclif/core/settings')).settings,
    }
  : (requireBundle(root) ?? (await import('../dist/cli.js')))
// Help is wrapped to the terminal's width on a terminal; piped (less, grep, a file) it is not
// wrapped at all, rather than hard-wrapped at oclif's default of 80 columns. Set before oclif
// reads it, when its execute entry loads.
if (!process.stdout.isTTY && cli.settings.columns === undefined && !process.env.OCLIF_COLUMNS)
  cli.settings.columns = 10_000
await cli.execute({dir: import.meta.url})
