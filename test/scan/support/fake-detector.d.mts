import type { Detector } from '../../../src/scan/types.js'
import type { ReporterRule } from '../../../src/scan/reporters/types.js'

export declare const RULE: ReporterRule
export declare const RULES: readonly ReporterRule[]
export declare function createDetector(options?: { disabledRules?: string[] }): Detector
