/**
 * Opens one PKCS#12 bundle with one password in a worker thread (started by pkcs12.ts) when it needs
 * more key derivation than the main thread does inline: node-forge derives keys synchronously in
 * JavaScript, and up to the iteration limits that takes seconds, during which the main thread must
 * stay free to handle Ctrl-C.
 */
import {parentPort, workerData} from 'node:worker_threads'

import {KdfBudget} from './kdf-limits.js'
import {openPkcs12} from './pkcs12-open.js'

export interface Pkcs12WorkerInput {
  der: Uint8Array
  password: string
  name: string
}

const input = workerData as Pkcs12WorkerInput
parentPort?.postMessage(openPkcs12(input.der, input.password, new KdfBudget(input.name, 'the PKCS#12 bundle')))
