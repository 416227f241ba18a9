/**
 * What a masked token or secret becomes: no character of it, and not its length either. Apart from
 * redact.ts so the reporters load without its word lists (start-up of every scan).
 */
export const MASK = '*****'
