#!/usr/bin/env node
// Real-repository evaluation while working on the scanner: scan every judged tree with one build,
// score a run against bench/real-repos.json, and diff two runs finding by finding (true lost, false
// gained, unjudged new…). `npm run bench -- scan-real` gives the published table; this is the
// maintainers' loop. Trees: BENCH_REAL_REPOS, as made by bench/real-repos.sh.
//   node bench/real-repos-eval.mjs scan <build-dir> <out.json> [--part P]... [--merge] [-j 1|2] [tree-names...]
//   node bench/real-repos-eval.mjs score <out.json> [--part P]... [--except P]... [--list missed|false|unjudged|true]... [--trees]
//   node bench/real-repos-eval.mjs diff <before.json> <after.json> [--part P]...
// Judgements come from this folder's real-repos.mjs (REAL_REPOS_BENCH names another checkout's bench
// folder, to score with the newest judgements). Output never holds a secret value:
// per finding only rule, file, line, severity, and for scan-incomplete the reason gitseal gives.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'

const BENCH = process.env.REAL_REPOS_BENCH ?? fileURLToPath(new URL('.', import.meta.url))
const TREES = process.env.BENCH_REAL_REPOS ?? process.env.EVAL_TREES
if (TREES === undefined && process.argv[2] === 'scan') {
  console.error('real-repos-eval: set BENCH_REAL_REPOS to the folder bench/real-repos.sh made')
  process.exit(2)
}
const rr = await import(pathToFileURL(join(BENCH, 'real-repos.mjs')).href)
const { loadRealRepos, gitsealLines, score, lineKey, UNSCORED_RULES, PARTS } = rr

function usage(message) {
  if (message) console.error(`real-repos-eval: ${message}`)
  console.error(
    'usage:\n  node bench/real-repos-eval.mjs scan <build-dir> <out.json> [--part P]... [--merge] [-j 1|2] [tree-names...]\n' +
      '  node bench/real-repos-eval.mjs score <out.json> [--part P]... [--except P]... [--list missed|false|unjudged|true]... [--trees]\n' +
      '  node bench/real-repos-eval.mjs diff <before.json> <after.json> [--part P]...',
  )
  process.exit(2)
}

function parseArgs(argv) {
  const opts = { pos: [], part: [], except: [], list: [], merge: false, jobs: 2, trees: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--part') opts.part.push(argv[++i])
    else if (a === '--except') opts.except.push(argv[++i])
    else if (a === '--list') opts.list.push(argv[++i])
    else if (a === '--merge') opts.merge = true
    else if (a === '--trees') opts.trees = true
    else if (a === '-j') opts.jobs = Math.max(1, Math.min(2, Number(argv[++i]) || 1))
    else if (a.startsWith('-')) usage(`unknown option ${a}`)
    else opts.pos.push(a)
  }
  for (const p of [...opts.part, ...opts.except]) if (!PARTS.includes(p)) usage(`unknown part ${p}`)
  return opts
}

const data = loadRealRepos()
const partOf = new Map(data.repositories.map((r) => [r.name, r.part]))
const verdicts = new Map(data.judgements.map((j) => [lineKey(j.repo, j.file, j.line), j.verdict]))

function inParts(name, parts) {
  return parts.length === 0 || parts.includes(partOf.get(name))
}

function readOut(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

// ---------------------------------------------------------------- scan

function treeBytesQuick(dir) {
  // Size of the git index: a cheap proxy for tree size, to start the largest trees first.
  try {
    return statSync(join(dir, '.git/index')).size
  } catch {
    return 0
  }
}

function missingBlobs(dir) {
  try {
    return readFileSync(join(dir, '.git/missing-blobs'), 'utf8').split('\n').filter(Boolean)
  } catch {
    return []
  }
}

/** Runs one scan; CPU time is the shell's reaped-children time (utime+stime of node and its children). */
function scanTree(bin, name, dir) {
  return new Promise((done) => {
    const started = process.hrtime.bigint()
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        '"$0" "$@"; rc=$?; cat /proc/$$/stat >&3; exit $rc',
        process.execPath,
        bin,
        'scan',
        '.',
        '--format',
        'json',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
    )
    const out = []
    const err = []
    const stat = []
    child.stdout.on('data', (c) => out.push(c))
    child.stderr.on('data', (c) => err.push(c))
    child.stdio[3].on('data', (c) => stat.push(c))
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      const fields = Buffer.concat(stat)
        .toString()
        .replace(/^.*\) /, '')
        .split(' ')
      // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at index 13, 14.
      const ticks = Number(fields[13]) + Number(fields[14])
      const cpuMs = Number.isFinite(ticks) ? ticks * 10 : null
      const tree = { part: partOf.get(name) ?? null, exit: code ?? signal, wallMs: Math.round(wallMs), cpuMs }
      const missing = missingBlobs(dir)
      if (missing.length > 0) tree.missingBlobs = missing
      try {
        const report = JSON.parse(Buffer.concat(out).toString('utf8'))
        tree.files = report.summary.files
        tree.bytes = report.summary.bytes
        tree.durationMs = report.summary.durationMs
        tree.findings = report.findings.map((f) => {
          const row = { ruleId: f.ruleId, file: f.file, line: f.line, severity: f.severity }
          if (UNSCORED_RULES.has(f.ruleId)) row.warn = true
          // gitseal's own reason phrase: no file content in it (src/scan/incomplete.ts).
          if (f.ruleId === 'scan-incomplete') row.reason = f.redactedLine
          return row
        })
        if (code !== 0 && code !== 1) tree.error = `exit ${code}`
      } catch {
        tree.findings = []
        tree.error = `exit ${code ?? signal}, no JSON report`
      }
      if (tree.error) tree.stderr = Buffer.concat(err).toString('utf8').slice(0, 400)
      done(tree)
    })
  })
}

/** Hash of the built bundle: tells two builds apart even when their commit is the same (uncommitted work). */
function buildHash(dir) {
  const hash = createHash('sha256')
  const bundle = join(dir, 'dist/bundle')
  for (const name of readdirSync(bundle).sort()) {
    const file = join(bundle, name)
    // V8 code caches (.cache) are derived from the code and need not be byte-identical between builds.
    if (statSync(file).isFile() && !name.endsWith('.cache')) hash.update(name).update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

function gitHead(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

async function cmdScan(opts) {
  const [build, outFile, ...names] = opts.pos
  if (!build || !outFile) usage('scan needs <build-dir> <out.json>')
  const bin = resolve(build, 'bin/gitseal.js')
  if (!existsSync(bin)) usage(`${bin} not found`)
  if (!existsSync(resolve(build, 'dist/bundle/cli.cjs')))
    usage(`${build} is not built (no dist/bundle/cli.cjs)`)
  const all = readdirSync(TREES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.endsWith('.part'))
    .map((e) => e.name)
  for (const n of names) if (!all.includes(n)) usage(`no tree ${n} in ${TREES}`)
  const chosen = (names.length > 0 ? names : all).filter((n) => inParts(n, opts.part))
  if (chosen.length === 0) usage('no trees chosen')
  const queue = chosen
    .map((name) => ({ name, dir: join(TREES, name), size: treeBytesQuick(join(TREES, name)) }))
    .sort((a, b) => b.size - a.size)
  const prior = opts.merge && existsSync(outFile) ? readOut(outFile) : null
  const hash = buildHash(resolve(build))
  if (prior && prior.buildHash !== hash)
    usage(`--merge: ${outFile} was made by another build (${prior.buildHash ?? 'unknown'}, this one ${hash})`)
  if (existsSync(outFile) && (statSync(outFile).mode & 0o222) === 0)
    usage(`${outFile} is read-only (a kept baseline): write elsewhere`)
  if (!opts.merge && existsSync(outFile)) process.stderr.write(`real-repos-eval: replacing ${outFile}\n`)
  const result = {
    build: resolve(build),
    buildCommit: gitHead(build),
    buildHash: hash,
    trees_dir: TREES,
    started: new Date().toISOString(),
    trees: prior?.trees ?? {},
  }
  const t0 = process.hrtime.bigint()
  let doneCount = 0
  let cpuTotal = 0
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const tree = await scanTree(bin, item.name, item.dir)
      result.trees[item.name] = tree
      cpuTotal += tree.cpuMs ?? 0
      doneCount += 1
      if (tree.error || process.env.SCORE27_VERBOSE)
        process.stderr.write(
          `[${doneCount}/${chosen.length}] ${item.name}: ${tree.error ?? `exit ${tree.exit}`}\n`,
        )
      else if (doneCount % 25 === 0) process.stderr.write(`[${doneCount}/${chosen.length}]\n`)
    }
  }
  await Promise.all(Array.from({ length: opts.jobs }, worker))
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6
  result.finished = new Date().toISOString()
  result.lastRun = { trees: chosen.length, wallMs: Math.round(wallMs), cpuMs: cpuTotal, jobs: opts.jobs }
  writeFileSync(`${outFile}.tmp`, JSON.stringify(result))
  renameSync(`${outFile}.tmp`, outFile)
  const errors = chosen.filter((n) => result.trees[n].error)
  console.log(
    `scanned ${chosen.length} trees in ${(wallMs / 1000).toFixed(0)} s wall, ${(cpuTotal / 1000).toFixed(0)} s CPU (gitseal processes); ${errors.length} errors${errors.length ? `: ${errors.join(', ')}` : ''} → ${outFile}`,
  )
}

// ---------------------------------------------------------------- score

function foundOf(out, names) {
  return new Map(names.map((n) => [n, gitsealLines({ findings: out.trees[n].findings })]))
}

function rulesAt(tree) {
  const m = new Map()
  for (const f of tree.findings) {
    const k = `${f.file}\t${f.line}`
    m.set(k, m.has(k) ? `${m.get(k)},${f.ruleId}` : f.ruleId)
  }
  return m
}

function truthInMissing(out, names) {
  let n = 0
  const lines = []
  for (const name of names) {
    const missing = new Set(out.trees[name].missingBlobs ?? [])
    if (missing.size === 0) continue
    for (const j of byRepo.get(name) ?? [])
      if (j.verdict === 'true' && missing.has(j.file.split('!')[0])) {
        n += 1
        lines.push(`${name} ${j.file}:${j.line}`)
      }
  }
  return { n, lines }
}

// Each tree is scored once with the bench's score() on its own judgements; a row sums its trees
// (sound because lines are keyed by repository: no line is shared between trees).
const byRepo = new Map()
for (const j of data.judgements) {
  if (!byRepo.has(j.repo)) byRepo.set(j.repo, [])
  byRepo.get(j.repo).push(j)
}
const treeScores = new WeakMap()
function treeScore(out, name) {
  const tree = out.trees[name]
  if (!treeScores.has(tree)) {
    const s = score({ ...data, judgements: byRepo.get(name) ?? [] }, foundOf(out, [name]))
    treeScores.set(tree, { ...s, absent: truthInMissing(out, [name]).n })
  }
  return treeScores.get(tree)
}

function row(label, out, names) {
  let tp = 0
  let fp = 0
  let fn = 0
  let unjudged = 0
  let reposFp = 0
  let absent = 0
  for (const n of names) {
    const s = treeScore(out, n)
    tp += s.tp
    fp += s.fp
    fn += s.fn
    unjudged += s.unjudged.length
    absent += s.absent
    if (s.fp > 0) reposFp += 1
  }
  return {
    label,
    repos: names.length,
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    fpPerRepo: names.length ? fp / names.length : 0,
    reposFp,
    unjudged,
    errors: names.filter((n) => out.trees[n].error).length,
    absent,
  }
}

function printRows(rows) {
  const head = [
    'part',
    'repos',
    'true',
    'false',
    'missed',
    'precision',
    'recall',
    'FP/repo',
    'repos w/ FP',
    'unjudged',
    'errors',
    'true in absent files',
  ]
  const body = rows.map((r) =>
    [
      r.label,
      r.repos,
      r.tp,
      r.fp,
      r.fn,
      r.precision.toFixed(3),
      r.recall.toFixed(3),
      r.fpPerRepo.toFixed(2),
      r.reposFp,
      r.unjudged,
      r.errors,
      r.absent,
    ].map(String),
  )
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)))
  const fmt = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(fmt(head))
  for (const b of body) console.log(fmt(b))
}

function cmdScore(opts) {
  const [file] = opts.pos
  if (!file) usage('score needs <out.json>')
  const out = readOut(file)
  const names = Object.keys(out.trees).filter(
    (n) => inParts(n, opts.part) && !opts.except.includes(partOf.get(n)),
  )
  const unknown = names.filter((n) => !partOf.has(n))
  const scored = names.filter((n) => partOf.has(n))
  const listed = data.repositories.filter((r) => inParts(r.name, opts.part) && !opts.except.includes(r.part))
  const notScanned = listed.filter((r) => !out.trees[r.name]).map((r) => r.name)
  const rows = []
  for (const part of PARTS) {
    const inPart = scored.filter((n) => partOf.get(n) === part)
    if (inPart.length) rows.push(row(part, out, inPart))
  }
  if (rows.length > 1) {
    rows.push(row('ALL', out, scored))
    // The newest parts, left out one and two at a time: the figures on trees already seen.
    const present = PARTS.filter((p) => scored.some((n) => partOf.get(n) === p))
    if (opts.part.length === 0 && opts.except.length === 0 && present.length >= 3) {
      const last = present.at(-1)
      const prev = present.at(-2)
      rows.push(
        row(
          `ALL but ${last}`,
          out,
          scored.filter((n) => partOf.get(n) !== last),
        ),
      )
      rows.push(
        row(
          `ALL but ${prev},${last}`,
          out,
          scored.filter((n) => partOf.get(n) !== last && partOf.get(n) !== prev),
        ),
      )
    }
  }
  console.log(
    `${file}: build ${out.buildCommit ?? out.build}, ${scored.length} judged trees scanned${out.lastRun ? `; last run ${out.lastRun.trees} trees ${(out.lastRun.wallMs / 1000).toFixed(0)} s wall` : ''}`,
  )
  if (notScanned.length) console.log(`not scanned (listed in the judgements): ${notScanned.join(' ')}`)
  if (unknown.length) console.log(`scanned but not in the judgements (ignored): ${unknown.join(' ')}`)
  printRows(rows)
  const errs = scored.filter((n) => out.trees[n].error)
  if (errs.length) console.log(`errors: ${errs.map((n) => `${n} (${out.trees[n].error})`).join(', ')}`)
  if (opts.trees) {
    console.log('\nper tree:')
    printRows(scored.map((n) => row(n, out, [n])))
  }
  for (const what of opts.list) listLines(what, out, scored)
}

function listLines(what, out, names) {
  const lines = []
  for (const name of names) {
    const tree = out.trees[name]
    const rules = rulesAt(tree)
    const found = new Set(gitsealLines({ findings: tree.findings }).map((l) => `${l.file}\t${l.line}`))
    if (what === 'missed' || what === 'true') {
      const missing = new Set(tree.missingBlobs ?? [])
      for (const j of byRepo.get(name) ?? []) {
        if (j.verdict !== 'true') continue
        const hit = found.has(`${j.file}\t${j.line}`)
        if (what === 'missed' && !hit)
          lines.push(
            `${name} ${j.file}:${j.line}${missing.has(j.file.split('!')[0]) ? ' (file absent: missing blob)' : ''}`,
          )
        if (what === 'true' && hit)
          lines.push(`${name} ${j.file}:${j.line}:${rules.get(`${j.file}\t${j.line}`)}`)
      }
    } else if (what === 'false' || what === 'unjudged') {
      for (const k of found) {
        const [file, line] = k.split('\t')
        const v = verdicts.get(lineKey(name, file, Number(line)))
        if ((what === 'false' && v === 'false') || (what === 'unjudged' && v === undefined))
          lines.push(`${name} ${file}:${line}:${rules.get(k)}`)
      }
    } else usage(`--list takes missed, false, unjudged or true, not ${what}`)
  }
  console.log(`\n${what} (${lines.length}):`)
  for (const l of lines.sort()) console.log(`  ${l}`)
}

// ---------------------------------------------------------------- diff

function scoredSet(tree) {
  const rules = rulesAt(tree)
  return new Map(
    gitsealLines({ findings: tree.findings }).map((l) => [
      `${l.file}\t${l.line}`,
      rules.get(`${l.file}\t${l.line}`),
    ]),
  )
}

function cmdDiff(opts) {
  const [fa, fb] = opts.pos
  if (!fa || !fb) usage('diff needs <before.json> <after.json>')
  const a = readOut(fa)
  const b = readOut(fb)
  const names = Object.keys(b.trees)
    .filter((n) => a.trees[n] && inParts(n, opts.part))
    .sort()
  const onlyA = Object.keys(a.trees).filter((n) => !b.trees[n] && inParts(n, opts.part))
  const onlyB = Object.keys(b.trees).filter((n) => !a.trees[n] && inParts(n, opts.part))
  const buckets = {
    'true lost': [],
    'true gained': [],
    'false removed': [],
    'false gained': [],
    'unjudged new': [],
    'unjudged gone': [],
    'rule changed (same line)': [],
  }
  const incomplete = { gone: [], new: [] }
  const warn = { gone: 0, new: 0 }
  const exits = []
  for (const name of names) {
    const ta = a.trees[name]
    const tb = b.trees[name]
    if (ta.exit !== tb.exit || (ta.error ?? '') !== (tb.error ?? ''))
      exits.push(
        `${name}: exit ${ta.exit}${ta.error ? ` (${ta.error})` : ''} → ${tb.exit}${tb.error ? ` (${tb.error})` : ''}`,
      )
    const sa = scoredSet(ta)
    const sb = scoredSet(tb)
    const v = (k) => {
      const [file, line] = k.split('\t')
      return verdicts.get(lineKey(name, file, Number(line)))
    }
    const show = (k, rule) => `${name} ${k.replace('\t', ':')}:${rule}`
    for (const [k, rule] of sa) {
      if (sb.has(k)) {
        if (sb.get(k) !== rule) buckets['rule changed (same line)'].push(`${show(k, rule)} → ${sb.get(k)}`)
        continue
      }
      const verdict = v(k)
      if (verdict === 'true') buckets['true lost'].push(show(k, rule))
      else if (verdict === 'false') buckets['false removed'].push(show(k, rule))
      else if (verdict === undefined) buckets['unjudged gone'].push(show(k, rule))
    }
    for (const [k, rule] of sb) {
      if (sa.has(k)) continue
      const verdict = v(k)
      if (verdict === 'true') buckets['true gained'].push(show(k, rule))
      else if (verdict === 'false') buckets['false gained'].push(show(k, rule))
      else if (verdict === undefined) buckets['unjudged new'].push(show(k, rule))
    }
    const inc = (t) =>
      new Set(
        t.findings
          .filter((f) => f.ruleId === 'scan-incomplete')
          .map((f) => `${name} ${f.file}:${f.line} (${f.reason ?? ''})`),
      )
    const ia = inc(ta)
    const ib = inc(tb)
    for (const x of ia) if (!ib.has(x)) incomplete.gone.push(x)
    for (const x of ib) if (!ia.has(x)) incomplete.new.push(x)
    const w = (t) => new Set(t.findings.filter((f) => f.warn).map((f) => `${f.file}\t${f.line}\t${f.ruleId}`))
    const wa = w(ta)
    const wb = w(tb)
    for (const x of wa) if (!wb.has(x)) warn.gone += 1
    for (const x of wb) if (!wa.has(x)) warn.new += 1
  }
  console.log(
    `before ${fa} (${a.buildCommit ?? a.build}) → after ${fb} (${b.buildCommit ?? b.build}); ${names.length} trees in both`,
  )
  if (onlyA.length) console.log(`only in before (not compared): ${onlyA.join(' ')}`)
  if (onlyB.length) console.log(`only in after (not compared): ${onlyB.join(' ')}`)
  console.log(
    Object.entries(buckets)
      .map(([k, v]) => `${k}: ${v.length}`)
      .join('; '),
  )
  console.log(
    `scan-incomplete: ${incomplete.gone.length} gone, ${incomplete.new.length} new; warn-only (unscored) findings: ${warn.gone} gone, ${warn.new} new; exit/error changes: ${exits.length}`,
  )
  for (const [k, v] of Object.entries(buckets)) {
    if (!v.length) continue
    console.log(`\n${k} (${v.length}):`)
    for (const l of v) console.log(`  ${l}`)
  }
  if (incomplete.gone.length)
    console.log(
      `\nscan-incomplete gone (${incomplete.gone.length}):\n${incomplete.gone.map((l) => `  ${l}`).join('\n')}`,
    )
  if (incomplete.new.length)
    console.log(
      `\nscan-incomplete new (${incomplete.new.length}):\n${incomplete.new.map((l) => `  ${l}`).join('\n')}`,
    )
  if (exits.length) console.log(`\nexit/error changes:\n${exits.map((l) => `  ${l}`).join('\n')}`)
  const ta = names.reduce((s, n) => s + (a.trees[n].cpuMs ?? 0), 0)
  const tb = names.reduce((s, n) => s + (b.trees[n].cpuMs ?? 0), 0)
  console.log(
    `\nCPU of the compared trees' scans: ${(ta / 1000).toFixed(1)} s → ${(tb / 1000).toFixed(1)} s (noisy under load)`,
  )
}

const [cmd, ...rest] = process.argv.slice(2)
const opts = parseArgs(rest)
if (cmd === 'scan') await cmdScan(opts)
else if (cmd === 'score') cmdScore(opts)
else if (cmd === 'diff') cmdDiff(opts)
else usage()
