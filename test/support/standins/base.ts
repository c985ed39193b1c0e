/**
 * What the tracker stand-ins share (README "Team links", tests): a request in, an answer out,
 * every exchange recorded with the problems the tracker's published schema finds in it, and
 * faults a test injects (a status with headers, offline, a request that never answers). The
 * same models serve unit tests (through msw, test/support/standins/msw.ts) and the end-to-end
 * test (through Playwright routes at the real API URLs), their state shared by both profiles.
 */
export interface StandInRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface StandInAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** No HTTP answer at all: the connection fails, or nothing ever comes. */
  network?: 'offline' | 'hang';
}

export interface Exchange {
  method: string;
  path: string;
  status: number;
  requestBody?: unknown;
  responseBody?: unknown;
  /** What the tracker's published description says is wrong with this exchange. */
  problems: string[];
  /** A GraphQL operation's name, when it was one. */
  operation?: string;
  at: number;
}

export interface Fault {
  /** Which requests it hits (all when absent). */
  when?: (r: StandInRequest) => boolean;
  answer: StandInAnswer;
  /** How many requests it answers before it goes (1 when absent; Infinity to stay). */
  times?: number;
}

export abstract class StandIn {
  readonly exchanges: Exchange[] = [];
  readonly faults: Fault[] = [];
  /** Every request fails as if the network were down. */
  offline = false;

  protected abstract serve(r: StandInRequest): StandInAnswer & { operation?: string };
  /** The schema's verdict on an exchange (no problems: it matches the published API). */
  protected abstract check(x: Omit<Exchange, 'problems' | 'at'>): string[];

  /** Answer one request (faults first), recording the exchange. */
  handle(r: StandInRequest): StandInAnswer {
    if (this.offline) return { status: 0, network: 'offline' };
    const i = this.faults.findIndex((f) => !f.when || f.when(r));
    let answer: StandInAnswer & { operation?: string };
    if (i >= 0) {
      const fault = this.faults[i]!;
      answer = fault.answer;
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(i, 1);
      if (answer.network) return answer;
    } else answer = this.serve(r);
    let requestBody: unknown;
    try {
      requestBody = r.body ? JSON.parse(r.body) : undefined;
    } catch {
      requestBody = r.body;
    }
    const x = {
      method: r.method.toUpperCase(),
      path: r.url.pathname + r.url.search,
      status: answer.status,
      requestBody,
      responseBody: answer.body,
      ...(answer.operation ? { operation: answer.operation } : {}),
    };
    this.exchanges.push({ ...x, problems: this.check(x), at: Date.now() });
    return answer;
  }

  /** Every problem any exchange had (a test asserts there are none). */
  problems(): string[] {
    return this.exchanges.flatMap((x) => x.problems);
  }

  /** Exchanges of one method and path pattern (e.g. label writes). */
  requests(method: string, path: RegExp): Exchange[] {
    return this.exchanges.filter((x) => x.method === method && path.test(x.path));
  }
}

export const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): StandInAnswer => ({
  status,
  body,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
});
