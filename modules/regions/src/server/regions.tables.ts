import { pgTable, varchar, text, smallint, integer, timestamp } from 'drizzle-orm/pg-core';

export const region = pgTable('region', {
  code: varchar('code', { length: 12 }).primaryKey(),
  name: text('name').notNull(),
  level: smallint('level').notNull(),
  parentCode: varchar('parent_code', { length: 12 }),
});

export const regionDataset = pgTable('region_dataset', {
  id: smallint('id').primaryKey(),
  source: text('source').notNull(),
  dataYear: smallint('data_year').notNull(),
  rowCount: integer('row_count').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
});
