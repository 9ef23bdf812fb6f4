import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3

/** Every row of a local store (or 'no store'), to prove that a refused run changed nothing. */
export function storeSnapshot(home: string): string {
  const path = join(home, 'platform.db')
  if (!existsSync(path)) return 'no store'
  const db = new Database(path)
  try {
    return JSON.stringify(['apps', 'sni_endpoints', 'certificate_chains', 'private_keys', 'domains'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()))
  } finally {
    db.close()
  }
}
