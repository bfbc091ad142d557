// The test suite installs older majors under aliases to run the same cases against them.
declare module 'express4' {
  import express from 'express';
  export default express;
}
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
// passport-openidconnect 0.1 ships no types; the example and the tests use this much of it.
declare module 'passport-openidconnect' {
  import { Strategy as PassportStrategy } from 'passport';
  interface StrategyOptions {
    issuer: string; authorizationURL: string; tokenURL: string; userInfoURL?: string;
    clientID: string; clientSecret: string; callbackURL: string; scope?: string | string[]; store?: unknown;
  }
  type Verify = (...args: any[]) => void;
  class Strategy extends PassportStrategy {
    constructor(options: StrategyOptions, verify: Verify);
  }
  export default Strategy;
  export { Strategy };
}
