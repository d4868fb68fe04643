import type { ThemeConfig } from 'antd';

/** Calm government blue; compact enough for a clerk's all-day screen. */
export const BRAND_BLUE = '#1b4f8f';
export const HEADER_BG = '#143d70';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    colorInfo: BRAND_BLUE,
    colorLink: '#1d5fae',
    colorSuccess: '#2e8b57',
    colorWarning: '#d48806',
    colorError: '#c9302c',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
    colorBgLayout: '#f0f2f5',
  },
  components: {
    Layout: { headerBg: HEADER_BG, headerHeight: 52, headerPadding: '0 16px', siderBg: '#ffffff', triggerBg: '#f5f7fa', triggerColor: '#333' },
    Menu: { itemHeight: 40, itemMarginBlock: 2, subMenuItemBg: '#ffffff', itemSelectedBg: '#e8f0fa', itemSelectedColor: BRAND_BLUE, itemHoverBg: '#f2f6fb' },
    Table: { cellPaddingBlockSM: 6, headerBg: '#f5f7fa' },
    Card: { headerFontSize: 15 },
    Descriptions: { labelBg: '#f7f9fc' },
  },
};
