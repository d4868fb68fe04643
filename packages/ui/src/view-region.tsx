import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { resolveViewRegion, type RegionDetail } from './region.ts';
import { useRegion } from './regions.api.ts';
import { useSession } from './session.tsx';

/** URL search param that carries the 当前查看区划 across pages. */
export const VIEW_REGION_PARAM = 'region';

export interface ViewRegion {
  /** 12-digit code of the region being looked at (default: the user's home region). */
  code: string;
  /** Details (name, path) once loaded. */
  region: RegionDetail | undefined;
  isHome: boolean;
  setCode: (code: string | undefined) => void;
  /** `path` with the current `region` param appended, for menu links. */
  link: (path: string) => string;
  /** The URL value for a region filter: `undefined` for the home region (keeps URLs short). */
  toParam: (code: string | undefined) => string | undefined;
}

const ViewRegionContext = createContext<ViewRegion | null>(null);

export function ViewRegionProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const home = me ? { code: me.regionCode, level: me.regionLevel } : null;
  const code = home ? resolveViewRegion(params.get(VIEW_REGION_PARAM), home) : '';
  const isHome = !!home && code === home.code;
  const detail = useRegion(code || undefined);

  const setCode = useCallback(
    (next: string | undefined) => {
      setParams((prev) => {
        const p = new URLSearchParams(prev);
        if (!next || (home && next === home.code)) p.delete(VIEW_REGION_PARAM);
        else p.set(VIEW_REGION_PARAM, next);
        p.delete('page');
        return p;
      });
    },
    [setParams, home?.code],
  );

  const value = useMemo<ViewRegion>(
    () => ({
      code,
      region: detail.data,
      isHome,
      setCode,
      link: (path: string) => (isHome ? path : `${path}?${VIEW_REGION_PARAM}=${code}`),
      toParam: (c: string | undefined) => (!c || c === home?.code ? undefined : c),
    }),
    [code, detail.data, isHome, setCode, home?.code],
  );
  return <ViewRegionContext.Provider value={value}>{children}</ViewRegionContext.Provider>;
}

/** The 当前查看区划 drill-down context; list pages use it as their default region filter. */
export function useViewRegion(): ViewRegion {
  const ctx = useContext(ViewRegionContext);
  if (!ctx) throw new Error('useViewRegion() must be used inside <ViewRegionProvider>');
  return ctx;
}
