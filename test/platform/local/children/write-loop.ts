// Child process for the crash test: writes to $SNI_HOME in a loop until it is killed.
import {readFileSync} from 'node:fs'

import {SecretPem} from '../../../../src/lib/x509/secret-pem.js'
import {openLocalPlatformClient} from '../../../../src/platform/local/local-platform-client.js'

const fixtures = new URL('../../../fixtures/generated/', import.meta.url)
const read = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8')
const rsa = {
  certificateChain: read('leaf-rsa2048.crt') + read('intermediate-ca.crt'),
  privateKey: new SecretPem(read('leaf-rsa2048.key')),
}
const ecdsa = {
  certificateChain: read('leaf-ecdsa-p256.crt') + read('intermediate-ca.crt'),
  privateKey: new SecretPem(read('leaf-ecdsa-p256.key')),
}

const client = openLocalPlatformClient({home: process.env.SNI_HOME ?? ''})
for (let i = 0; ; i++) {
  const endpoint = await client.createSniEndpoint('example', rsa)
  await client.addDomain('example', {hostname: `host${i}.example.com`, sniEndpoint: endpoint.name})
  await client.updateSniEndpoint('example', endpoint.name, ecdsa)
  if (i % 3 === 0) await client.deleteSniEndpoint('example', endpoint.name)
  if (i === 0) process.stdout.write('ready\n')
}
