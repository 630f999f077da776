import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { assetUrl } from '../src/assets/versions.js';
import type { AppContext } from '../src/env.js';
import { navigationFor } from '../src/policy/navigation.js';
import { Layout } from './layout.js';
import { UiContext, type Ui } from './ui.js';

export function uiOf(c: AppContext): Ui {
  const user = c.get('user');
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    user,
    nonce: c.get('secureHeadersNonce') ?? '',
    path: c.req.path,
    demoMode: c.get('demoMode'),
    flash: c.get('flash'),
    unread: c.get('unread'),
    asset: (path) => assetUrl(c.get('assetVersions'), path),
    nav: user ? navigationFor(user) : [],
  };
}

type Status = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503 | 507;

/** A full page in the layout, as an HTML document (the doctype keeps browsers out of quirks mode). */
export function renderPage(c: AppContext, title: string, body: Child, status: Status = 200): Response | Promise<Response> {
  c.header('Vary', 'HX-Request, HX-Request-Type');
  return c.html(
    <>
      {raw('<!DOCTYPE html>')}
      <UiContext.Provider value={uiOf(c)}>
        <Layout title={title}>{body}</Layout>
      </UiContext.Provider>
    </>,
    status,
  );
}

/** A fragment for htmx partial requests, with the same view context. */
export function renderFragment(c: AppContext, body: Child, status: Status = 200): Response | Promise<Response> {
  c.header('Vary', 'HX-Request, HX-Request-Type');
  return c.html(<UiContext.Provider value={uiOf(c)}>{body}</UiContext.Provider>, status);
}
