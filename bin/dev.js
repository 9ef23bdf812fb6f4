#!/usr/bin/env -S node --import tsx --disable-warning=ExperimentalWarning
// The execute entry alone: loading all of @oclif/core costs ~10 ms more at every start.
import {execute} from '@oclif/core/execute'

await execute({development: true, dir: import.meta.url})
