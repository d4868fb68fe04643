import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ApiError, PersonPanelsContext, SessionProvider } from '@mz/ui';
import { BrowserRouter } from 'react-router';
import { modules } from './modules.ts';
import { AppRoutes } from './routes.tsx';
import { theme } from './theme.ts';

dayjs.locale('zh-cn');

const personPanels = modules.flatMap((m) => m.personPanels ?? []);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
    mutations: { retry: false },
  },
});

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} componentSize="middle">
      <AntApp message={{ maxCount: 3, duration: 3 }}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <SessionProvider>
              <PersonPanelsContext.Provider value={personPanels}>
                <AppRoutes />
              </PersonPanelsContext.Provider>
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
