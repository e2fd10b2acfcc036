import type { buildPortal } from '../../src/portal/app';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';

type App = Awaited<ReturnType<typeof buildPortal>>;

/** A browser's cookie jar and the CSRF token of the last page it was served. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  setCookies: string[] = [];

  constructor(
    private readonly app: App,
    private readonly host = '127.0.0.1',
  ) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const response = await this.app.inject({
      method,
      url,
      headers: {
        host: this.host,
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      payload: form ? new URLSearchParams(form).toString() : undefined,
    });
    const set = response.headers['set-cookie'];
    this.setCookies = set === undefined ? [] : Array.isArray(set) ? set : [set];
    for (const cookie of this.setCookies) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=');
      if (value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value!);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  async signIn(username: string, password = DEMO_PASSWORD) {
    await this.request('GET', '/pasient/logg-inn');
    return this.request('POST', '/pasient/logg-inn', { _csrf: this.csrf, username, password });
  }
}
