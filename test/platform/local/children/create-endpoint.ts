// Child process for the concurrency test: creates one endpoint in $SNI_HOME and prints its name.
import {readFileSync} from 'node:fs'

import {SecretPem} from '../../../../src/lib/x509/secret-pem.js'
import {SniError} from '../../../../src/lib/sni-error.js'
import {openLocalPlatformClient} from '../../../../src/platform/local/local-platform-client.js'

const fixtures = new URL('../../../fixtures/generated/', import.meta.url)
const read = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8')

try {
  const client = openLocalPlatformClient({
    home: process.env.SNI_HOME ?? '',
    onNotice: (m) => process.stderr.write(`${m}\n`),
  })
  const endpoint = await client.createSniEndpoint('example', {
    certificateChain: read('leaf-rsa2048.crt') + read('intermediate-ca.crt'),
    privateKey: new SecretPem(read('leaf-rsa2048.key')),
  })
  client.close()
  process.stdout.write(`${endpoint.name}\n`)
} catch (error) {
  process.stderr.write(`${error instanceof SniError ? error.code : String(error)}\n`)
  process.exitCode = error instanceof SniError ? error.exit : 1
}
