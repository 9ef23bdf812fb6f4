// Every command, by its id: oclif's "explicit" command discovery (package.json oclif.commands) loads
// this one module instead of walking dist/commands/. In the published package it is one esbuild
// bundle (scripts/bundle.js), so a command costs one file to load, not a tree of small ones. The
// commands keep their heavy modules (node-forge, better-sqlite3, acme-client, the router, the Heroku
// HTTP client) behind dynamic imports, which the bundle turns into chunks loaded only when used.
// test/commands/registry.test.ts checks that every file under src/commands/ is listed here.
import CertsAdd from './commands/certs/add.js'
import CertsAutoDisable from './commands/certs/auto/disable.js'
import CertsAutoEnable from './commands/certs/auto/enable.js'
import CertsAuto from './commands/certs/auto/index.js'
import CertsAutoRefresh from './commands/certs/auto/refresh.js'
import CertsChain from './commands/certs/chain.js'
import CertsCheck from './commands/certs/check.js'
import CertsGenerate from './commands/certs/generate.js'
import CertsIndex from './commands/certs/index.js'
import CertsInfo from './commands/certs/info.js'
import CertsInspect from './commands/certs/inspect.js'
import CertsKey from './commands/certs/key.js'
import CertsRemove from './commands/certs/remove.js'
import CertsUpdate from './commands/certs/update.js'
import DomainsAdd from './commands/domains/add.js'
import DomainsClear from './commands/domains/clear.js'
import DomainsIndex from './commands/domains/index.js'
import DomainsInfo from './commands/domains/info.js'
import DomainsRemove from './commands/domains/remove.js'
import DomainsUpdate from './commands/domains/update.js'
import DomainsWait from './commands/domains/wait.js'
import RouterStart from './commands/router/start.js'

export const COMMANDS = {
  certs: CertsIndex,
  'certs:add': CertsAdd,
  'certs:auto': CertsAuto,
  'certs:auto:disable': CertsAutoDisable,
  'certs:auto:enable': CertsAutoEnable,
  'certs:auto:refresh': CertsAutoRefresh,
  'certs:chain': CertsChain,
  'certs:check': CertsCheck,
  'certs:generate': CertsGenerate,
  'certs:info': CertsInfo,
  'certs:inspect': CertsInspect,
  'certs:key': CertsKey,
  'certs:remove': CertsRemove,
  'certs:update': CertsUpdate,
  domains: DomainsIndex,
  'domains:add': DomainsAdd,
  'domains:clear': DomainsClear,
  'domains:info': DomainsInfo,
  'domains:remove': DomainsRemove,
  'domains:update': DomainsUpdate,
  'domains:wait': DomainsWait,
  'router:start': RouterStart,
}
