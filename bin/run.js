#!/usr/bin/env node
// The execute entry alone: loading all of @oclif/core costs ~10 ms more at every start.
import {execute} from '@oclif/core/execute'

await execute({dir: import.meta.url})
