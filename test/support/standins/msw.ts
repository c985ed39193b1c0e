/** A stand-in served through msw (unit tests): every request under `base` goes to the model. */
import { HttpResponse, delay, http } from 'msw';
import type { StandIn } from './base';

export function standInHandlers(base: string, model: StandIn) {
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const body = ['GET', 'HEAD'].includes(request.method) ? '' : await request.text();
      const answer = model.handle({
        method: request.method,
        url: new URL(request.url),
        headers: Object.fromEntries(request.headers.entries()),
        ...(body ? { body } : {}),
      });
      if (answer.network === 'offline') return HttpResponse.error();
      if (answer.network === 'hang') await delay('infinite');
      const text =
        answer.body === undefined || answer.status === 204 ? null : JSON.stringify(answer.body);
      return new HttpResponse(text, { status: answer.status, headers: answer.headers });
    }),
  ];
}
