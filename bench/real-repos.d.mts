// Types of bench/real-repos.mjs for the test that checks the judgement data's shape.
export interface RealRepos {
  repositories: { name: string; url: string; commit: string; part: string }[]
  judgements: { repo: string; file: string; line: number; verdict: string; why: string; of?: string }[]
}
export interface RealReposDuplicates {
  duplicates: { repo: string; file: string; line: number; of: string }[]
}
export interface FindingLine {
  file: string
  line: number
}
export interface Score {
  tp: number
  fp: number
  fn: number
  unjudged: string[]
  precision: number
  recall: number
}
export function loadRealRepos(): RealRepos
export function partFiles(): { part: string; data: RealRepos }[]
export function withDuplicates(data: RealRepos, duplicates: RealReposDuplicates): RealRepos
export const PARTS: string[]
export function validateRealRepos(data: RealRepos): string[]
export function lineKey(repo: string, file: string, line: number): string
export const UNSCORED_RULES: Set<string>
export function gitsealLines(report: {
  findings: { ruleId: string; file: string; line: number }[]
}): FindingLine[]
export function secretlintLines(report: unknown[], root: string): FindingLine[]
export function score(data: RealRepos, found: Map<string, FindingLine[]>): Score
