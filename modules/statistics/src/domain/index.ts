// 统计与监测 (statistics): the indicator catalogue, periods and report forms, pure.
export * from './statistics.names.ts';
export * from './indicator.catalog.ts';
export * from './builtin.indicators.ts';
export * from './period.ts';
