// Makes this test process look, to @oclif/core, like bin/run.js with its output piped, before any
// of oclif's modules load. Loaded first by setup.ts (see .mocharc.yml), so in-process command runs
// (test/helpers/in-process-sni.ts) print what the child process of runSni would print, whether the
// suite runs in a terminal or in CI. oclif reads these once, when its modules load:
//  - ux.action picks a spinner (ANSI escapes, redrawn lines) when stderr is a terminal;
//  - error and help widths come from settings.columns, which bin/run.js sets to 10,000 when stdout is
//    not a terminal (a child's stdout is a pipe);
//  - ansis decides on colour from NO_COLOR and the terminal (runSni's children get NO_COLOR=1).
import {createRequire} from 'node:module'

import {settings} from '@oclif/core/settings'

const require = createRequire(import.meta.url)

function withPipedStderr<T>(load: () => T): T {
  const own = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY')
  const noColor = process.env.NO_COLOR
  Object.defineProperty(process.stderr, 'isTTY', {configurable: true, value: false, writable: true})
  process.env.NO_COLOR = '1'
  try {
    return load()
  } finally {
    if (own) Object.defineProperty(process.stderr, 'isTTY', own)
    else delete (process.stderr as {isTTY?: boolean}).isTTY
    if (noColor === undefined) delete process.env.NO_COLOR
    else process.env.NO_COLOR = noColor
  }
}

// As bin/run.js does for a piped stdout (only the modules loaded here read it).
if (settings.columns === undefined && !process.env.OCLIF_COLUMNS) settings.columns = 10_000
withPipedStderr(() => require('@oclif/core'))
