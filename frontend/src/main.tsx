import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';
import './index.css';
import { App } from './app/app';

const root = document.getElementById('root');
// A failed English chunk still renders the app (in Indonesian) rather than nothing.
if (root) {
  void i18nReady
    .catch(() => undefined)
    .then(() =>
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
}
