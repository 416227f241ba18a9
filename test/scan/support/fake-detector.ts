/** The gate tests' detector (implemented in fake-detector.mjs so workers can load it too). */
export { createDetector, RULE, RULES } from './fake-detector.mjs'

/** URL of the fake detector module, for worker threads and `--detector-module`. */
export const FAKE_DETECTOR_URL = new URL('./fake-detector.mjs', import.meta.url).href
