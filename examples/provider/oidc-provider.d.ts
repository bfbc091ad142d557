/**
 * Minimal type declarations for `oidc-provider` v9, which ships no types of its
 * own (and `@types/oidc-provider` is not installed). Only the surface used by the
 * example provider and the end-to-end tests is declared; everything else is
 * deliberately loose. Verified against node_modules/oidc-provider/lib (9.13.x).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
  import Koa from 'koa';

  type AnyRequest = IncomingMessage | Http2ServerRequest;
  type AnyResponse = ServerResponse | Http2ServerResponse;

  /** Client registration metadata (RFC 7591 / OIDC Dynamic Client Registration names). */
  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    client_name?: string;
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
    id_token_signed_response_alg?: string;
    application_type?: 'web' | 'native';
    scope?: string;
    [key: string]: unknown;
  }

  export interface AdapterPayload {
    jti?: string;
    uid?: string;
    grantId?: string;
    userCode?: string;
    consumed?: unknown;
    [key: string]: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterFactory = (name: string) => Adapter;

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]):
      | Promise<Record<string, unknown> & { sub: string }>
      | (Record<string, unknown> & { sub: string });
  }

  /** The `ctx.oidc` object oidc-provider hangs off the Koa context (partial). */
  export interface OIDCContext {
    readonly route: string;
    readonly provider: Provider;
    readonly params?: Record<string, unknown>;
    readonly client?: { clientId: string; clientName?: string };
    readonly session?: { accountId?: string };
    [key: string]: unknown;
  }

  export type KoaContextWithOIDC = Koa.ParameterizedContext & { oidc: OIDCContext };

  export interface ErrorOut {
    error: string;
    error_description?: string;
    state?: string;
    iss?: string;
    [key: string]: unknown;
  }

  export type ExtraParamValidator = (
    ctx: KoaContextWithOIDC,
    value: string | undefined,
    client: unknown,
  ) => void | Promise<void>;

  /** Provider configuration (partial; unknown keys are passed through untyped). */
  export interface Configuration {
    clients?: ClientMetadata[];
    adapter?: AdapterFactory;
    findAccount?: (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => Promise<Account | undefined> | Account | undefined;
    cookies?: {
      keys?: Array<string | Buffer>;
      names?: Record<string, string>;
      long?: Record<string, unknown>;
      short?: Record<string, unknown>;
    };
    jwks?: { keys: Array<Record<string, unknown>> };
    claims?: Record<string, string[] | null | Record<string, null>>;
    conformIdTokenClaims?: boolean;
    extraParams?: string[] | Record<string, ExtraParamValidator | null>;
    interactions?: {
      url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => string | Promise<string>;
      policy?: interactionPolicy.Prompt[];
    };
    ttl?: Record<string, number | ((...args: any[]) => number)>;
    renderError?: (ctx: KoaContextWithOIDC, out: ErrorOut, error: Error) => void | Promise<void>;
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: unknown) => boolean;
    features?: Record<string, { enabled?: boolean; [key: string]: unknown }>;
    [key: string]: unknown;
  }

  export interface PromptDetail {
    name: string;
    reasons: string[];
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
      login_hint?: string;
      [key: string]: unknown;
    };
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean; ts?: number; amr?: string[]; acr?: string };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface Interaction {
    readonly uid: string;
    readonly jti: string;
    readonly exp: number;
    returnTo: string;
    prompt: PromptDetail;
    params: Record<string, string | undefined>;
    session?: { accountId: string; uid?: string; cookie?: string; acr?: string; amr?: string[] };
    grantId?: string;
    lastSubmission?: InteractionResults;
    result?: InteractionResults;
  }

  export interface Grant {
    readonly jti: string;
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export class Provider extends Koa {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    urlFor(name: string, opt?: Record<string, unknown>): string;
    interactionDetails(req: AnyRequest, res: AnyResponse): Promise<Interaction>;
    interactionResult(
      req: AnyRequest,
      res: AnyResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    interactionFinished(
      req: AnyRequest,
      res: AnyResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  export default Provider;

  export namespace errors {
    class OIDCProviderError extends Error {
      error: string;
      error_description?: string;
      status: number;
      statusCode: number;
      expose: boolean;
      allow_redirect: boolean;
    }
    class CustomOIDCProviderError extends OIDCProviderError {
      constructor(error: string, description?: string);
    }
    class SessionNotFound extends OIDCProviderError {}
  }

  export namespace interactionPolicy {
    type CheckFn = (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>;
    class Check {
      constructor(reason: string, description: string, error: string, check: CheckFn, details?: (ctx: KoaContextWithOIDC) => unknown);
      constructor(reason: string, description: string, check: CheckFn, details?: (ctx: KoaContextWithOIDC) => unknown);
    }
    class Prompt {
      constructor(options: { name: string; requestable?: boolean }, ...checks: Check[]);
      readonly name: string;
      readonly requestable: boolean;
    }
    interface Policy extends Array<Prompt> {
      get(name: string): Prompt | undefined;
      remove(name: string): void;
      clear(): void;
      add(prompt: Prompt, index?: number): void;
    }
    function base(): Policy;
  }
}
