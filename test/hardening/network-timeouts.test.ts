/**
 * Every network call has a timeout, and what a server says is never printed raw: a Secrets Manager
 * endpoint that accepts the connection and never answers fails the push with E_AWS after the
 * timeout, and an error `__type` carrying terminal escapes reaches the message escaped.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { connectSecretsManager } from '../../src/eso/index.js'
import { timeoutSeconds } from '../../src/cli/aws-env.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret-not-real' }

describe('Secrets Manager requests', () => {
  it('time out against an endpoint that never answers', async () => {
    const endpoint = await serve(() => {
      // Accept the request and say nothing.
    })
    const connection = await connectSecretsManager({
      region: 'us-east-1',
      endpoint,
      credentials,
      maxAttempts: 1,
      timeoutMs: 500,
    })
    const start = performance.now()
    try {
      await expect(connection.call('DescribeSecret', { SecretId: 'x' }, 'x')).rejects.toMatchObject({
        code: 'E_AWS',
      })
    } finally {
      connection.close()
    }
    expect(performance.now() - start).toBeLessThan(10_000)
  }, 20_000)

  it('escape terminal control characters in the server error type', async () => {
    const endpoint = await serve((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
      response.end(JSON.stringify({ __type: 'Evil\u001b]0;owned\u0007\u001b[31mType', message: 'no' }))
    })
    const connection = await connectSecretsManager({
      region: 'us-east-1',
      endpoint,
      credentials,
      maxAttempts: 1,
    })
    try {
      const error = await connection.call('DescribeSecret', { SecretId: 'x' }, 'x').catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'E_AWS' })
      const message = (error as Error).message
      expect(message).toContain('Evil')
      // eslint-disable-next-line no-control-regex -- asserting no control characters remain
      expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
    } finally {
      connection.close()
    }
  })
})

describe('--timeout', () => {
  it('takes positive seconds and refuses anything else', () => {
    expect(timeoutSeconds('30')).toBe(30_000)
    expect(timeoutSeconds('0.5')).toBe(500)
    for (const bad of ['0', '-1', 'abc', '1e9', '']) expect(() => timeoutSeconds(bad)).toThrow(/--timeout/)
  })
})
