import type { FastifyInstance } from 'fastify';
import { messagePages } from './messages';
import { modulePages } from './module';
import { pageShell, type PageDeps } from './plugin';
import { questionnairePages } from './questionnaire';
import { recordPages } from './record';
import { weekPages } from './week';

export { PAGES_PATH } from './session';

/** The patient pages; register with `{ prefix: PAGES_PATH }`. */
export const patientPages = (app: FastifyInstance, deps: PageDeps) =>
  pageShell(app, deps, [weekPages, modulePages, questionnairePages, messagePages, recordPages]);
