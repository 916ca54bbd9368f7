// Entry of the Admin Portal bundle: mounts the app with its router and viewer.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { RouterProvider } from './router.tsx';
import { ViewerProvider } from './api/viewer.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <RouterProvider>
        <ViewerProvider>
          <App />
        </ViewerProvider>
      </RouterProvider>
    </StrictMode>,
  );
}
