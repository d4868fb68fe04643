import { ViewRegionProvider } from '@mz/ui';
import { Route, Routes } from 'react-router';
import { LoginPage } from './login/login-page.tsx';
import { modules } from './modules.ts';
import { AppLayout } from './shell/app-layout.tsx';
import { RequireAuth, RequirePermission } from './shell/guards.tsx';
import { NotFound } from './shell/result-pages.tsx';

/** One route tree: /login outside, every module route inside the signed-in layout. */
export function AppRoutes() {
  const routes = modules.flatMap((m) => m.routes.map((r) => ({ ...r, key: `${m.key}:${r.path}` })));
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <ViewRegionProvider>
              <AppLayout />
            </ViewRegionProvider>
          </RequireAuth>
        }
      >
        {routes.map((r) => (
          <Route key={r.key} path={r.path} element={<RequirePermission permission={r.permission}>{r.element}</RequirePermission>} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
