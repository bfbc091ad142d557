/**
 * The NestJS 11 adapter (`okta-error-handler/nestjs`) through the same tables as Express and Koa, on
 * platform-express and platform-fastify, over a real socket (supertest): the interceptor under
 * `consumer.apply(...).forRoutes('*')`, the filter through `app.useGlobalFilters(new OktaApiExceptionFilter(opts))`.
 * Decorators are applied as calls (the project's tsconfig has no `experimentalDecorators`).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { All, BadRequestException, Controller, Get, HttpCode, Module, NotFoundException, Req, type INestApplication, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { OktaApiErrorHandlerOptions, OktaErrorHandlerOptions } from '../../src/core/options/index.js';
import { OktaApiExceptionFilter, oktaErrorHandler, type NestRequest } from '../../src/nestjs/index.js';
import { runUpstreamConformance, type UpstreamAppFactory } from './run-upstream.js';
import { runConformance, type AppFactory } from './run.js';

const CALLBACKS = ['/authorization-code/callback', '/cb', '/other/cb'];
type Platform = 'express' | 'fastify';

/** Applies a method decorator (and the parameter decorators, by index) as TypeScript's legacy decorators would. */
function decorate(target: object, key: string, decorators: MethodDecorator[], params: ParameterDecorator[] = []): void {
  params.forEach((param, index) => param(target, key, index));
  Reflect.decorate(decorators, target, key, Object.getOwnPropertyDescriptor(target, key));
}

/** A Nest app on `platform`, wrapped as a node listener while it boots: requests wait until it is ready. */
function nestListener(platform: Platform, module: object, setup: (app: INestApplication) => void = () => {}, bodyParser = true) {
  const ready = (async () => {
    const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
    const app = await NestFactory.create(module as never, adapter, { logger: false, bodyParser });
    setup(app);
    await app.init();
    const instance = app.getHttpAdapter().getInstance();
    if (platform === 'express') return instance as (req: IncomingMessage, res: ServerResponse) => void;
    await instance.ready();
    return (req: IncomingMessage, res: ServerResponse) => instance.routing(req, res);
  })();
  return (req: IncomingMessage, res: ServerResponse) => void ready.then((listener) => listener(req, res));
}

function callbackModule(options: OktaErrorHandlerOptions<NestRequest>) {
  class CallbackController {
    handle(req: { body?: unknown }) {
      return `app:${JSON.stringify(req.body ?? null)}`;
    }
  }
  decorate(CallbackController.prototype, 'handle', [All(CALLBACKS), HttpCode(200)], [Req()]);
  Controller()(CallbackController);
  class CallbackModule implements NestModule {
    configure(consumer: MiddlewareConsumer) {
      consumer.apply(oktaErrorHandler(options)).forRoutes('*');
    }
  }
  Module({ controllers: [CallbackController] })(CallbackModule);
  return CallbackModule;
}

const nestApp = (platform: Platform, bodyParser = true): AppFactory => (options) => nestListener(platform, callbackModule(options), undefined, bodyParser);

// platform-express registers body-parser (urlencoded, extended) before any middleware: the interceptor reads req.body.
runConformance('nestjs 11, platform-express (its body parser runs first)', nestApp('express'), true);
// Without it, the interceptor reads the stream and leaves the body where express.urlencoded() would.
runConformance('nestjs 11, platform-express, bodyParser: false', nestApp('express', false));
// Nest middleware runs before Fastify reads the body: the interceptor reads it and hands it back to Fastify's parser.
runConformance('nestjs 11, platform-fastify', nestApp('fastify'));
// No form parser at all (Nest registers one unless bodyParser: false): Fastify answers 415 itself, as without this package.
runConformance('nestjs 11, platform-fastify, bodyParser: false', nestApp('fastify', false), false, { formParser: false });

function boomModule(error: () => unknown) {
  class BoomController {
    boom() {
      throw error();
    }
  }
  decorate(BoomController.prototype, 'boom', [Get('/boom')]);
  Controller()(BoomController);
  class BoomModule {}
  Module({ controllers: [BoomController] })(BoomModule);
  return BoomModule;
}

const nestUpstreamApp = (platform: Platform): UpstreamAppFactory => (options, error) =>
  nestListener(platform, boomModule(error), (app) => app.useGlobalFilters(new OktaApiExceptionFilter(options)));

// Nothing runs after a global filter that catches everything: an error it does not recognise gets Nest's own answer.
const NEST_500 = '{"statusCode":500,"message":"Internal server error"}';
runUpstreamConformance('nestjs 11, platform-express', nestUpstreamApp('express'), { passedText: NEST_500 });
runUpstreamConformance('nestjs 11, platform-fastify', nestUpstreamApp('fastify'), { passedText: NEST_500 });

describe.each(['express', 'fastify'] as const)('nestjs 11, platform-%s: what the filter leaves to Nest', (platform) => {
  const answer = async (error: () => unknown, filter?: (app: INestApplication) => OktaApiExceptionFilter) => {
    const res = await request(nestListener(platform, boomModule(error), filter && ((app) => app.useGlobalFilters(filter(app))))).get('/boom');
    return { status: res.status, type: res.headers['content-type'], body: res.text };
  };
  const options: OktaApiErrorHandlerOptions = { development: true };

  it.each([
    ['NotFoundException', () => new NotFoundException()],
    ['BadRequestException with a message', () => new BadRequestException('bad input')],
    ['an http-errors style error', () => Object.assign(new Error('Gone away'), { statusCode: 410 })],
    ['an unknown error', () => new Error('boom')],
  ])('%s: the same answer as without the filter, made with `new` or given the adapter', async (_name, error) => {
    const nest = await answer(error);
    expect(nest.status).not.toBe(200);
    expect(await answer(error, () => new OktaApiExceptionFilter(options))).toEqual(nest);
    expect(await answer(error, (app) => new OktaApiExceptionFilter(options, app.getHttpAdapter()))).toEqual(nest);
  });

  it('an HttpException keeps its body byte for byte', async () => {
    expect(await answer(() => new NotFoundException(), () => new OktaApiExceptionFilter(options))).toEqual({ status: 404, type: 'application/json; charset=utf-8', body: '{"message":"Not Found","statusCode":404}' });
  });

  it('a recognised Okta error given the adapter still gets problem+json', async () => {
    const okta = () => ({ errorCode: 'E0000006', errorSummary: 'You do not have permission', errorId: 'oae1', errorCauses: [] });
    const res = await answer(okta, (app) => new OktaApiExceptionFilter(options, app.getHttpAdapter()));
    expect(res.status).toBe(502);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'E0000006', errorId: 'oae1' });
  });
});

describe.each([
  ['platform-fastify', 'fastify', true],
  ['platform-express, bodyParser: false', 'express', false],
] as const)('nestjs 11, %s: a form_post body the interceptor reads still reaches the route', (_name, platform, bodyParser) => {
  const listener = () => nestListener(platform, callbackModule({ issuer: 'https://example.okta.com/oauth2/default' }), undefined, bodyParser);

  it('a 60 KB body, read in several chunks, arrives whole', async () => {
    const pad = 'a'.repeat(60 * 1024);
    const res = await request(listener()).post('/authorization-code/callback').type('form').send(`code=abc&state=s&pad=${pad}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text.slice('app:'.length))).toMatchObject({ code: 'abc', state: 's', pad });
  });

  /** Sends a chunked form_post in pieces, a few milliseconds apart, over a raw socket; resolves with the response. */
  async function inPieces(path: string, pieces: readonly string[]): Promise<string> {
    const server = createServer(listener()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
      for (const piece of pieces) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        socket.write(`${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
      }
      socket.end('0\r\n\r\n');
      let out = '';
      for await (const chunk of socket) out += String(chunk);
      return out;
    } finally {
      server.close();
    }
  }

  it('a chunked body sent in pieces passes to the route whole', async () => {
    const out = await inPieces('/authorization-code/callback', ['code=ab', 'c&sta', 'te=s']);
    expect(out).toMatch(/^HTTP\/1\.1 200 /);
    expect(out).toContain('app:{"code":"abc","state":"s"}');
  });

  it('a client that goes away mid-body leaves the app serving the next request', async () => {
    const app = listener();
    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const errors: unknown[] = [];
      const onError = (e: unknown) => errors.push(e);
      process.on('unhandledRejection', onError);
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write('POST /authorization-code/callback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nerror=access');
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.destroy();
      const res = await request(server).post('/authorization-code/callback').type('form').send('code=abc&state=s');
      process.off('unhandledRejection', onError);
      expect(res.text).toBe('app:{"code":"abc","state":"s"}');
      expect(errors).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('an error response sent in pieces is answered', async () => {
    const out = await inPieces('/authorization-code/callback', ['error=acc', 'ess_denied&state=s']);
    expect(out).toMatch(/^HTTP\/1\.1 403 /);
    expect(out).not.toContain('app:');
  });
});
