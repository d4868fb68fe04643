import { Cascader } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type CSSProperties } from 'react';
import { fullPath, type RegionNode } from './region.ts';
import { regionQueryOptions } from './regions.api.ts';
import { useSession } from './session.tsx';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
  region: RegionNode;
}

export interface RegionCascaderProps {
  /** Where the tree starts; default: the signed-in user's home region. */
  rootCode?: string;
  /** Selected 12-digit region code (works as an antd Form control). */
  value?: string | null;
  onChange?: (code: string | undefined, region?: RegionNode) => void;
  allowClear?: boolean;
  placeholder?: string;
  disabled?: boolean;
  style?: CSSProperties;
  id?: string;
  size?: 'small' | 'middle' | 'large';
  'aria-label'?: string;
}

/**
 * Region picker rooted at a jurisdiction. Children load lazily from
 * GET /regions/{code}/children; any level can be picked (changeOnSelect).
 */
export function RegionCascader({
  rootCode,
  value,
  onChange,
  allowClear = false,
  placeholder = '请选择区划',
  disabled,
  style,
  id,
  size,
  'aria-label': ariaLabel,
}: RegionCascaderProps) {
  const { me } = useSession();
  const root = rootCode ?? me?.regionCode;
  const queryClient = useQueryClient();
  const rootQuery = useQuery({ ...regionQueryOptions.detail(root ?? ''), enabled: !!root });

  /** Loaded children per parent code. */
  const [childrenOf, setChildrenOf] = useState<ReadonlyMap<string, RegionNode[]>>(new Map());
  /** Codes from the root down to the selected value. */
  const [valuePath, setValuePath] = useState<string[]>([]);

  const loadChildren = useCallback(
    async (code: string) => {
      const items = await queryClient.fetchQuery(regionQueryOptions.children(code));
      setChildrenOf((prev) => (prev.get(code) === items ? prev : new Map(prev).set(code, items)));
      return items;
    },
    [queryClient],
  );

  // Make sure the options along the selected value's path are loaded, so it shows by name.
  useEffect(() => {
    if (!value) {
      setValuePath([]);
      return;
    }
    if (valuePath[valuePath.length - 1] === value) return;
    let cancelled = false;
    (async () => {
      try {
        const detail = await queryClient.fetchQuery(regionQueryOptions.detail(value));
        const codes = fullPath(detail).map((r) => r.code);
        const start = root ? codes.indexOf(root) : -1;
        const path = start >= 0 ? codes.slice(start) : [value];
        // Ancestors' children make the path displayable; the value's own children let the
        // popup open on the next level down.
        const expand = detail.hasChildren && start >= 0 ? path : path.slice(0, -1);
        await Promise.all(expand.map((code) => loadChildren(code)));
        if (!cancelled) setValuePath(path);
      } catch {
        if (!cancelled) setValuePath([value]);
      }
    })();
    return () => {
      cancelled = true;
    };
    // valuePath is deliberately left out: it is the output of this effect.
  }, [value, root, queryClient, loadChildren]);

  const options = useMemo<RegionOption[]>(() => {
    const r = rootQuery.data;
    if (!r) return [];
    const build = (node: RegionNode): RegionOption => {
      const kids = childrenOf.get(node.code);
      return {
        value: node.code,
        label: node.name,
        isLeaf: !node.hasChildren,
        region: node,
        children: kids ? kids.map(build) : undefined,
      };
    };
    return [build({ code: r.code, name: r.name, level: r.level, hasChildren: r.hasChildren })];
  }, [rootQuery.data, childrenOf]);

  return (
    <Cascader<RegionOption>
      id={id}
      aria-label={ariaLabel}
      size={size}
      style={{ minWidth: 220, ...style }}
      options={options}
      value={value ? valuePath : []}
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last) void loadChildren(last.value).catch(() => setChildrenOf((prev) => new Map(prev).set(last.value, [])));
      }}
      onChange={(codes, selected) => {
        const list = (codes ?? []) as string[];
        const last = list[list.length - 1];
        setValuePath(list);
        const opts = (selected ?? []) as RegionOption[];
        onChange?.(last, opts[opts.length - 1]?.region);
      }}
      changeOnSelect
      allowClear={allowClear}
      placeholder={rootQuery.isError ? '区划加载失败' : placeholder}
      disabled={disabled}
      loading={rootQuery.isPending && !!root}
      displayRender={(labels) => labels.join(' / ')}
      notFoundContent="无下级区划"
    />
  );
}
