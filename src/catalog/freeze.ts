/**
 * Every exported table is immutable all the way down: no importer can change behaviour at run time
 * (`CALLBACK_ERRORS.login_required.status = 200` throws in strict mode and does nothing otherwise).
 * @module
 */

/** Freezes `table` and every object and array inside it, and returns it. */
export function deepFreeze<T>(table: T): T {
  if (typeof table !== 'object' || table === null || Object.isFrozen(table)) return table;
  Object.freeze(table);
  for (const value of Object.values(table)) deepFreeze(value);
  return table;
}
