import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DashboardError, DashboardErrorCode } from './errors.js';

/**
 * Who may talk to the dashboard. It listens on 127.0.0.1 only, but any web page the user opens
 * can make the browser send requests to loopback, so this file owns three checks:
 *
 * - Host: every request must name this server (`127.0.0.1:<port>` or `localhost:<port>`).
 *   A DNS-rebinding page reaches loopback under its own host name, which this refuses (NCC
 *   Group, Singularity wiki, "Preventing DNS Rebinding Attacks": check that the Host header is
 *   strictly `127.0.0.1:3000` and/or `localhost:3000`).
 * - Origin: a request that carries an Origin must come from this server's own origin; a
 *   state-changing one must carry it. Browsers send Origin on every request whose method is
 *   neither GET nor HEAD (WHATWG Fetch, "Origin header"; whatwg/fetch pull request 431), so a
 *   missing one means a non-browser client, which has no business here either.
 * - Token: state-changing requests must carry this process's random token in a custom header
 *   (OWASP CSRF Prevention Cheat Sheet: synchronizer token; a custom header also makes any
 *   cross-origin attempt a CORS preflight, which this server never grants). The token is only
 *   in the page, which other origins cannot read.
 */
export class RequestGuard {
  readonly #hosts: ReadonlySet<string>;
  readonly #origins: ReadonlySet<string>;
  readonly #token: Buffer;

  constructor(port: number, token: string) {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    this.#hosts = new Set(hosts);
    this.#origins = new Set(hosts.map((host) => `http://${host}`));
    this.#token = Buffer.from(token);
  }

  /** Every request: the Host names this server, and an Origin, if any, is this server's. */
  checkRequest(headers: IncomingHttpHeaders): void {
    const host = (headers.host ?? '').toLowerCase();
    if (!this.#hosts.has(host)) {
      throw new DashboardError(
        DashboardErrorCode.HOST_NOT_ALLOWED,
        `Host ${JSON.stringify(headers.host ?? '')} is not this dashboard (127.0.0.1 or localhost on its port)`,
      );
    }
    const origin = headers.origin;
    if (origin !== undefined && !this.#origins.has(origin.toLowerCase())) {
      throw new DashboardError(
        DashboardErrorCode.ORIGIN_NOT_ALLOWED,
        `requests from ${JSON.stringify(origin)} are not allowed`,
      );
    }
  }

  /** State-changing requests: an Origin of this server, and the page's token. */
  checkStateChange(headers: IncomingHttpHeaders, tokenHeader: string): void {
    this.checkRequest(headers);
    if (headers.origin === undefined) {
      throw new DashboardError(
        DashboardErrorCode.ORIGIN_NOT_ALLOWED,
        'a state-changing request must come from the dashboard page (no Origin header)',
      );
    }
    const sent = headers[tokenHeader];
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== this.#token.length || !timingSafeEqual(given, this.#token)) {
      throw new DashboardError(
        DashboardErrorCode.BAD_TOKEN,
        'missing or wrong dashboard token: reload the page',
      );
    }
  }
}
