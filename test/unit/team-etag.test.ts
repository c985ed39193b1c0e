/**
 * ETag polling against a real HTTP server (express.static on 127.0.0.1), not a mock: a
 * conditional read answers 304 and changes nothing; a changed file is read and applied. Also
 * pins down why OKR Lens sends `Cache-Control: max-age=0` with its `If-None-Match`: fetch
 * (the Fetch standard, as Node's and Chromium's implement it) turns a request with a manual
 * `If-None-Match` into "no-store" and adds `Cache-Control: no-cache`, and express then
 * answers 200. (GitHub's own behaviour cannot be checked from this machine.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OkrDb } from '@/lib/db';
import { getUrl } from '@/lib/background/git/contents';
import { refreshSubscription } from '@/lib/background/git/read';
import { addSubscription } from '@/lib/db/subscriptions';
import { serializeTeamFile, teamFileOf } from '@/lib/okr/team-file';
import { closeDbs, freshDb, fullFile } from './helpers/db';

let dir: string;
let server: Server;
let base: string;
const seen: { inm?: string; cc?: string; status?: number }[] = [];

function writeTeamFile(title = 'Grow the user base') {
  const f = teamFileOf(fullFile());
  f.objectives = f.objectives.map((o) => (o.id === 'o1' ? { ...o, title } : o));
  writeFileSync(path.join(dir, 'okrs.json'), serializeTeamFile({ ...f, links: [], tickets: [] }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'okr-etag-'));
  const app = express();
  app.use((req, res, next) => {
    const entry: (typeof seen)[number] = {
      inm: req.headers['if-none-match'],
      cc: req.headers['cache-control'],
    };
    seen.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    next();
  });
  app.use(express.static(dir));
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

let db: OkrDb;
beforeEach(() => {
  db = freshDb();
  seen.length = 0;
  writeTeamFile();
});
afterEach(closeDbs);

describe('ETag against a real server', () => {
  it('a bare If-None-Match gets 200 (fetch adds Cache-Control: no-cache); ours gets 304', async () => {
    const url = `${base}/okrs.json`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    await first.text();
    expect(etag).toBeTruthy();
    const bare = await fetch(url, { headers: { 'If-None-Match': etag } });
    await bare.text();
    expect(bare.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ inm: etag, cc: 'no-cache' });

    expect(await getUrl(url, etag)).toEqual({ status: 304 });
    expect(seen.at(-1)).toMatchObject({ inm: etag, cc: 'max-age=0', status: 304 });
  });

  it('a URL subscription: read, then 304 (nothing changes), then a changed file is applied', async () => {
    const sub = await addSubscription(db, { kind: 'url', url: `${base}/okrs.json` }, false);
    expect(await refreshSubscription(db, sub.id)).toEqual({ ok: true, changed: true });
    const first = (await db.subscriptions.get(sub.id))!;
    expect(first.etag).toBeTruthy();
    expect((await db.objectives.get('o1'))?.title).toBe('Grow the user base');

    expect(await refreshSubscription(db, sub.id)).toEqual({ ok: true, changed: false });
    expect(seen.at(-1)).toMatchObject({ inm: first.etag, status: 304 });
    const second = (await db.subscriptions.get(sub.id))!;
    expect(second.base).toEqual(first.base);
    expect(second.changedAt).toBe(first.changedAt);

    // express's ETag is size + mtime: wait a tick so the new file's ETag differs.
    await new Promise((r) => setTimeout(r, 20));
    writeTeamFile('Grow faster');
    expect(await refreshSubscription(db, sub.id)).toEqual({ ok: true, changed: true });
    expect(seen.at(-1)?.status).toBe(200);
    expect((await db.objectives.get('o1'))?.title).toBe('Grow faster');
  });

  it('a broken file changes nothing and says where; the last good version is kept', async () => {
    const sub = await addSubscription(db, { kind: 'url', url: `${base}/okrs.json` }, false);
    await refreshSubscription(db, sub.id);
    writeFileSync(
      path.join(dir, 'okrs.json'),
      '{"format":"okr-lens","version":1,"cycles":[{"id":"x"}]}',
    );
    const r = await refreshSubscription(db, sub.id, { force: true });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/cycles\[0\]\.name/) });
    expect((await db.objectives.get('o1'))?.title).toBe('Grow the user base');
    expect((await db.subscriptions.get(sub.id))?.error).toMatch(/last good version is kept/);
  });
});
