/**
 * `okta-error-handler/nestjs`: NestJS 11 adapters, for platform-express and platform-fastify.
 * `consumer.apply(oktaErrorHandler(opts)).forRoutes('*')`, `app.useGlobalFilters(new OktaApiExceptionFilter(opts))`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Catch, type ArgumentsHost, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { interceptCallback } from '../core/callback/handle.js';
import { mayBeErrorResponse } from '../core/callback/read.js';
import { nonceFrom, pathOf, type RequestFacts } from '../core/http/request.js';
import type { HttpResponse } from '../core/http/response.js';
import { isCallbackPath, resolveOptions, type OktaErrorHandlerOptions } from '../core/options/index.js';
import { respondToUpstreamError } from '../core/upstream/respond.js';
import { NODE_HOST } from '../node/host.js';
import { isReply, PLATFORM, type Reply, type Res } from './platform.js';
import { readAndHandBack } from './read-back.js';

export * from '../public-node.js';

/** Nest's underlying request: Express's `Request` on platform-express, the Node request @fastify/middie hands middleware on platform-fastify. */
export type NestRequest = IncomingMessage & { readonly originalUrl?: string; readonly protocol?: string };
/** Options of both handlers; `verifyState`, `loginUrl`, `actions` and `isSignedIn` receive the {@link NestRequest} (narrow `Req`, e.g. to Express's `Request`). */
export type NestOktaErrorHandlerOptions<Req extends NestRequest = NestRequest> = OktaErrorHandlerOptions<Req>;
/** The same options, for {@link OktaApiExceptionFilter}. */
export type NestOktaApiErrorHandlerOptions<Req extends NestRequest = NestRequest> = NestOktaErrorHandlerOptions<Req>;

function facts<Req extends NestRequest>(req: Req, res: Res | Reply): RequestFacts<Req> {
  const url = req.originalUrl ?? req.url ?? '/';
  const render = isReply(res) ? undefined : res.render; // Express's views; helmet's and @fastify/helmet's nonces
  const renderView = render && ((view: string, locals: object) => new Promise<string>((resolve, reject) => render.call(res, view, { ...locals }, (err, out) => (err ? reject(err) : resolve(out)))));
  return { method: req.method ?? 'GET', path: pathOf(url), url, headers: req.headers, secure: req.protocol === 'https', nonce: nonceFrom({ cspNonce: isReply(res) ? res.cspNonce?.style : res.locals?.cspNonce }), renderView, req };
}

/** Copies the core's answer: through Fastify's reply (the filter on platform-fastify), else the Node response. */
function send(res: Res | Reply, out: HttpResponse, head: boolean): void {
  if (isReply(res)) return void res.code(out.status).headers(out.cookies.length > 0 ? { ...out.headers, 'set-cookie': out.cookies } : out.headers).send(out.body);
  res.statusCode = out.status;
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  if (out.cookies.length > 0) res.setHeader('set-cookie', [...[res.getHeader('set-cookie') ?? []].flat().map(String), ...out.cookies]);
  res.end(head ? undefined : out.body);
}

/**
 * Callback interceptor, as Nest middleware for either platform: `consumer.apply(oktaErrorHandler(opts)).forRoutes('*')`
 * in the module's `configure()`. Paths are read from `originalUrl` (a middleware sees `req.path === '/'`). A
 * form_post body no parser read yet is read and handed back to the request stream, for Fastify's parser.
 * @throws InvalidOptionError when an option is wrong (at start-up, not per request).
 */
export function oktaErrorHandler<Req extends NestRequest = NestRequest>(options?: NestOktaErrorHandlerOptions<Req>): (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void {
  const resolved = resolveOptions(options, 'oktaErrorHandler', NODE_HOST);
  return function oktaErrorHandler(req, res, next) {
    const url = req.originalUrl ?? req.url ?? '/';
    const parsed = req as Req & { body?: unknown; _body?: boolean; app?: { enabled?(name: string): boolean } };
    if (!isCallbackPath(resolved.callbackPaths, pathOf(url), parsed.app?.enabled?.('case sensitive routing') === true) || !mayBeErrorResponse(req.method ?? 'GET', url, req.headers['content-type'])) return next();
    const consumed = req.readableEnded || parsed._body === true; // platform-express's body-parser ran first
    interceptCallback({ ...facts(req, res), parsedBody: parsed.body, consumed, stream: readAndHandBack(req) }, resolved)
      .then((result) => {
        if (!result.pass) return res.headersSent ? next() : send(res, result.response, req.method === 'HEAD');
        // platform-express with `bodyParser: false`: leave the body where express.urlencoded() would have.
        if (result.body && 'app' in req) Object.assign(req, { body: result.body, _body: true });
        next();
      })
      .catch(next);
  };
}

/** Nest's own filter, for an exception this one leaves when it was made with `new` and no adapter. */
const NEST_DEFAULT = new BaseExceptionFilter(PLATFORM as HttpServer);

/**
 * Exception filter for failed calls to Okta: `app.useGlobalFilters(new OktaApiExceptionFilter(opts))`. Recognised
 * failures become problem+json or a page; every other exception (`HttpException`s included) gets Nest's own
 * answer, through the adapter given as second argument (`app.getHttpAdapter()`) or the one Nest injects.
 */
export class OktaApiExceptionFilter<Req extends NestRequest = NestRequest> extends BaseExceptionFilter implements ExceptionFilter {
  readonly #options;
  constructor(options?: NestOktaApiErrorHandlerOptions<Req>, httpAdapter?: HttpServer) {
    super(httpAdapter);
    this.#options = resolveOptions(options, 'oktaApiErrorHandler', NODE_HOST);
  }
  override async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    if (host.getType() === 'http') {
      const [request, res] = [host.switchToHttp().getRequest<Req | { raw: Req }>(), host.switchToHttp().getResponse<Res | Reply>()];
      const req = 'raw' in request ? request.raw : request; // platform-fastify: the Node request, as the middleware gets
      const out = await respondToUpstreamError(exception, facts(req, res), this.#options).catch(() => undefined);
      if (out && !PLATFORM.isHeadersSent(res)) return send(res, out.response, req.method === 'HEAD');
    }
    return (this.applicationRef ?? this.httpAdapterHost?.httpAdapter) ? super.catch(exception, host) : NEST_DEFAULT.catch(exception, host);
  }
}
Catch()(OktaApiExceptionFilter); // every exception: the ones it does not recognise go on to Nest's handling

/** The same filter, by the factory name the other entry points use: `app.useGlobalFilters(oktaApiErrorHandler(opts))`. */
export const oktaApiErrorHandler = <Req extends NestRequest = NestRequest>(options?: NestOktaApiErrorHandlerOptions<Req>, httpAdapter?: HttpServer): OktaApiExceptionFilter<Req> => new OktaApiExceptionFilter(options, httpAdapter);
