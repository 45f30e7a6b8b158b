// A self-signed certificate for the tests, made by `openssl req -x509` (node:crypto
// reads X.509 but cannot issue it). Null, with the reason, where openssl is missing.
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface TestCert {
  certPath: string
  keyPath: string
  cert: Buffer
  key: Buffer
}

/** A key and a certificate for `ip` and `dnsName` (CN and subjectAltName) in `dir`; `{ reason }` when openssl cannot run. */
export async function selfSignedCert(
  dir: string,
  ip = '127.0.0.2',
  name = 'test',
  dnsName = 'monitor.example.com',
): Promise<TestCert | { reason: string }> {
  const certPath = join(dir, `${name}-cert.pem`)
  const keyPath = join(dir, `${name}-key.pem`)
  const run = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      `/CN=${ip}`,
      '-addext',
      `subjectAltName=IP:${ip},DNS:${dnsName}`,
    ],
    { encoding: 'utf8', timeout: 20_000 },
  )
  if (run.error) return { reason: `openssl is not available (${run.error.message})` }
  if (run.status !== 0) return { reason: `openssl req -x509 failed: ${run.stderr.trim()}` }
  return { certPath, keyPath, cert: await readFile(certPath), key: await readFile(keyPath) }
}
