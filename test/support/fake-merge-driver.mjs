// The built CLI's merge driver with a stand-in codec, for driving a real `git merge` in tests:
// git runs `node fake-merge-driver.mjs %O %A %B %P` exactly as it would run `gitseal merge-driver`.
const { run } = await import('../../dist/cli/main.js')
const { processIO } = await import('../../dist/cli/stdio.js')

const enc = (plaintext) => `FAKE-ENC\n${Buffer.from(plaintext).toString('base64')}\nsops:\n  fake: true\n`
const mergeCodec = {
  decrypt: (text) => Promise.resolve(Buffer.from(text.slice(9).split('\n')[0] ?? '', 'base64').toString()),
  encrypt: (plaintext) => Promise.resolve(enc(plaintext)),
}
process.exitCode = await run(['merge-driver', ...process.argv.slice(2)], processIO(), { mergeCodec })
