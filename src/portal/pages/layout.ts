import type { TFunction } from 'i18next';
import { html, type Html } from './html';
import type { Language } from './i18n';
import { PAGES_PATH } from './session';

export type Section = 'week' | 'messages' | 'programme' | 'accessLog' | null;

export interface LayoutInput {
  t: TFunction;
  language: Language;
  title: string;
  body: Html;
  /** The menu entry this page belongs to; menus are shown only to a signed-in patient. */
  section: Section;
  signedIn: boolean;
  csrfToken?: string;
  /** The page's own path, so switching language comes back to it. */
  path: string;
}

const NAV: { section: Exclude<Section, null>; href: string }[] = [
  { section: 'week', href: `${PAGES_PATH}` },
  { section: 'messages', href: `${PAGES_PATH}/meldinger` },
  { section: 'programme', href: `${PAGES_PATH}/mitt-program` },
  { section: 'accessLog', href: `${PAGES_PATH}/innsyn` },
];

/** The frame of every page: skip link, header with menu and language, one main landmark, footer. */
export function layout({
  t,
  language,
  title,
  body,
  section,
  signedIn,
  csrfToken,
  path,
}: LayoutInput): string {
  const other: Language = language === 'nb' ? 'en' : 'nb';
  const switchHref = `${PAGES_PATH}/sprak/${other}?neste=${encodeURIComponent(path)}`;
  return `<!doctype html>${html`<html lang="${language}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} – ${t('service')}</title>
      <link rel="stylesheet" href="${PAGES_PATH}/style.css" />
    </head>
    <body>
      <a class="skip" href="#innhold">${t('skipToContent')}</a>
      <header>
        <div class="top">
          <a class="brand" href="${PAGES_PATH}">${t('service')}</a>
          <div class="tools">
            <a href="${switchHref}" lang="${other}" hreflang="${other}"
              >${other === 'en' ? 'English' : 'Norsk'}</a
            >
            ${
              signedIn &&
              html`<form method="post" action="${PAGES_PATH}/logg-ut">
                <input type="hidden" name="_csrf" value="${csrfToken}" /><button
                  class="linkbutton"
                  type="submit"
                >
                  ${t('nav.signOut')}
                </button>
              </form>`
            }
          </div>
        </div>
        ${
          signedIn &&
          html`<nav class="top" aria-label="${t('nav.label')}">
            <ul>
              ${NAV.map(
                (entry) =>
                  html`<li>
                    <a href="${entry.href}" ${section === entry.section ? html` aria-current="page"` : ''}
                      >${t(`nav.${entry.section}`)}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>`
        }
      </header>
      <main id="innhold" tabindex="-1">
        <h1>${title}</h1>
        ${body}
      </main>
      <footer><p>${t('footer.notEmergency')}</p></footer>
    </body>
  </html>`}`;
}
