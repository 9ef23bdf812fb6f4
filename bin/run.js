#!/usr/bin/env node
import {dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

import {settings} from '@oclif/core/settings'

import {findBuildProblem, refuseStaleBuild} from './build-check.js'

const problem = findBuildProblem(dirname(dirname(fileURLToPath(import.meta.url))))
if (problem) refuseStaleBuild(problem)
// Help is wrapped to the terminal's width on a terminal; piped (less, grep, a file) it is not
// wrapped at all, rather than hard-wrapped at oclif's default of 80 columns. Set before oclif
// reads it, when its execute entry loads.
if (!process.stdout.isTTY && settings.columns === undefined && !process.env.OCLIF_COLUMNS) settings.columns = 10_000

// The execute entry alone: loading all of @oclif/core costs ~10 ms more at every start.
const {execute} = await import('@oclif/core/execute')
await execute({dir: import.meta.url})
