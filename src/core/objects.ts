/**
 * Reading values of unknown shape (thrown errors, upstream bodies, sessions, the request objects of sign-in
 * libraries) without trusting them.
 * @module
 */

export type Obj = Record<string, unknown>;

/** A non-null object (an array too, never a function): the check before reading a property. */
export const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null;

/** `value[key]` when `value` has it as its own property: a polluted Object.prototype cannot inject fields. */
export const own = (value: unknown, key: string): unknown => (isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined);
