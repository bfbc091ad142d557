/**
 * SIGN_IN_FAILURE_SHAPES: the table, checked as data and against the libraries: every row is matched by
 * a failure the real library produced (test/support/library-errors.ts), and its constants are the
 * libraries' own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as oauth4webapi from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { SIGN_IN_FAILURE_SHAPES, SIGN_IN_FAILURES, SIGN_IN_LIBRARIES, type FailureShape } from '../../src/catalog/sign-in-libraries.js';
import { recogniseLibraryFailure } from '../../src/core/callback/library-failure.js';
import { produceLibraryFailures } from '../support/library-errors.js';
import { openidClient5, requireLibrary } from '../support/sign-in-libraries.js';

const real = await produceLibraryFailures();

describe('the table as data', () => {
  it('libraries and failure kinds', () => {
    expect(SIGN_IN_LIBRARIES).toEqual(['express-openid-connect', '@okta/oidc-middleware', 'passport-openidconnect', 'openid-client']);
    expect(SIGN_IN_FAILURES).toEqual(['transaction_missing', 'state_mismatch', 'code_rejected', 'library_failure']);
  });

  it('the rows, in the order they are tried', () => {
    expect(SIGN_IN_FAILURE_SHAPES.map((r) => `${r.library} ${r.failure}`)).toEqual([
      'express-openid-connect transaction_missing',
      'express-openid-connect state_mismatch',
      'express-openid-connect code_rejected',
      '@okta/oidc-middleware transaction_missing',
      '@okta/oidc-middleware state_mismatch',
      '@okta/oidc-middleware code_rejected',
      'passport-openidconnect code_rejected',
      'openid-client transaction_missing',
      'openid-client state_mismatch',
      'openid-client code_rejected',
    ]);
  });

  it('every row: a known library, a failure a shape can mean (library_failure is only signInFailedPath\'s), a source', () => {
    for (const row of SIGN_IN_FAILURE_SHAPES) {
      expect(SIGN_IN_LIBRARIES).toContain(row.library);
      expect(SIGN_IN_FAILURES).toContain(row.failure);
      expect(row.failure).not.toBe('library_failure');
      expect(row.source).toMatch(/^\S.{10,}/);
      // A class name or a code anchors every shape, and a second field narrows it.
      expect(row.shape.name !== undefined || row.shape.code !== undefined).toBe(true);
      expect(Object.keys(row.shape).length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(row.shape).every((k) => ['name', 'code', 'error', 'status', 'message', 'causeMessage'].includes(k))).toBe(true);
    }
  });

  it('no two rows for the same library and failure', () => {
    const keys = SIGN_IN_FAILURE_SHAPES.map((r) => `${r.library} ${r.failure}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('patterns are anchored and stateless (neither global nor sticky: the table is frozen)', () => {
    const patterns = SIGN_IN_FAILURE_SHAPES.flatMap((r) => [r.shape.message, r.shape.causeMessage].filter((p): p is RegExp => p !== undefined));
    expect(patterns).toHaveLength(5);
    for (const p of patterns) {
      expect(p.source.startsWith('^')).toBe(true);
      expect(p.global || p.sticky).toBe(false);
    }
  });

  it('frozen all the way down', () => {
    const unfrozen = (v: unknown, path: string): string[] =>
      typeof v !== 'object' || v === null ? [] : [...(Object.isFrozen(v) ? [] : [path]), ...Object.entries(v).flatMap(([k, x]) => unfrozen(x, `${path}.${k}`))];
    expect(Object.entries({ SIGN_IN_FAILURE_SHAPES, SIGN_IN_FAILURES, SIGN_IN_LIBRARIES }).flatMap(([name, table]) => unfrozen(table, name))).toEqual([]);
    expect(() => {
      (SIGN_IN_FAILURE_SHAPES[0]!.shape as { status?: number }).status = 500;
    }).toThrow(TypeError);
  });
});

describe('the table against the libraries', () => {
  it('every row is matched by a failure the real library produced', () => {
    const matched = new Set(real.map((f) => recogniseLibraryFailure(f.value)).filter((r) => r !== undefined).map((r) => `${r.library} ${r.failure}`));
    expect([...matched].sort()).toEqual(SIGN_IN_FAILURE_SHAPES.map((r) => `${r.library} ${r.failure}`).sort());
  });

  it('each real failure the table names is the one the test expected, of the library that produced it', () => {
    for (const f of real) {
      const got = recogniseLibraryFailure(f.value);
      expect(got === undefined ? undefined : `${got.library} ${got.failure}`, `${f.library}: ${f.label}`).toBe(f.expected === undefined ? undefined : `${f.library} ${f.expected}`);
    }
  });

  it('every field of every row is needed: without it, the real failure that matched would match no row', () => {
    for (const row of SIGN_IN_FAILURE_SHAPES) {
      const f = real.find((x) => { const r = recogniseLibraryFailure(x.value); return r?.library === row.library && r.failure === row.failure; })!;
      const value = f.value as Record<string, unknown>;
      const plain = { name: value.name, code: value.code, error: value.error, status: value.status ?? value.statusCode, message: value.message, cause: value.cause };
      expect(recogniseLibraryFailure(plain), `${row.library} ${row.failure}: the plain copy`).toMatchObject({ library: row.library, failure: row.failure });
      for (const field of Object.keys(row.shape) as (keyof FailureShape)[]) {
        const key = field === 'causeMessage' ? 'cause' : field;
        const without = { ...plain, [key]: undefined };
        const other = recogniseLibraryFailure(without);
        expect(other === undefined ? undefined : `${other.library} ${other.failure}`, `${row.library} ${row.failure} without ${field}`).not.toBe(`${row.library} ${row.failure}`);
      }
    }
  });

  it("the constants are the libraries' own", () => {
    const byName = (library: string, failure: string) => SIGN_IN_FAILURE_SHAPES.find((r) => r.library === library && r.failure === failure)!.shape;
    const eocHttpErrors = requireLibrary(requireLibrary.resolve('http-errors', { paths: [requireLibrary.resolve('express-openid-connect')] }));
    expect(new eocHttpErrors.BadRequest().name).toBe(byName('express-openid-connect', 'state_mismatch').name);
    expect(new eocHttpErrors.BadRequest().status).toBe(byName('express-openid-connect', 'state_mismatch').status);
    expect(oauth4webapi.INVALID_RESPONSE).toBe(byName('openid-client', 'state_mismatch').code);
    expect(oauth4webapi.INVALID_RESPONSE).toBe(byName('express-openid-connect', 'state_mismatch').error);
    expect(oauth4webapi.RESPONSE_BODY_ERROR).toBe(byName('openid-client', 'code_rejected').code);
    const { OPError, RPError } = openidClient5().errors;
    expect(new OPError({ error: 'invalid_grant' }).name).toBe(byName('@okta/oidc-middleware', 'code_rejected').name);
    expect(new RPError('x').name).toBe(byName('@okta/oidc-middleware', 'state_mismatch').name);
    const TokenError = requireLibrary('passport-openidconnect/lib/errors/tokenerror.js');
    expect(new TokenError('x', 'invalid_grant').name).toBe(byName('passport-openidconnect', 'code_rejected').name);
  });

  it('the versions the table was measured against are the ones installed', () => {
    // The package.json above the module's entry point (openid-client 5's exports leave it out).
    const version = (name: string, from?: string): string => {
      let dir = dirname(requireLibrary.resolve(name, from ? { paths: [requireLibrary.resolve(from)] } : undefined));
      for (let i = 0; i < 5; i++, dir = dirname(dir)) {
        const pkg = join(dir, 'package.json');
        if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name) return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
      }
      throw new Error(`no package.json for ${name}`);
    };
    expect(version('express-openid-connect')).toMatch(/^3\.4\./);
    expect(version('@okta/oidc-middleware')).toMatch(/^5\.5\./);
    expect(version('openid-client', '@okta/oidc-middleware')).toMatch(/^5\./);
    expect(version('passport-openidconnect')).toMatch(/^0\.1\./);
    expect(version('openid-client')).toMatch(/^6\./);
  });
});
