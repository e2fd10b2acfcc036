import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import { connectStores } from './stores/connect';
import './styles.css';
import './styles/patient.css';
import './styles/trend.css';
import './styles/templates.css';
import './styles/team.css';
import './styles/admin.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The first calls to main go out now, while the translations load and React renders; the stores
// follow main for the page's lifetime.
connectStores();

// Translations load first, so no screen ever flashes untranslated keys.
void initI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
