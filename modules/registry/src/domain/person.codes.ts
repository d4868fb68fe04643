/** Closed code lists of a person record, with the Chinese labels forms and exports use. */
export const HUKOU_TYPES = { urban: '城镇', rural: '农村' } as const;
export const PERSON_STATUSES = { alive: '在世', deceased: '死亡', missing: '失踪', imprisoned: '服刑在押' } as const;
export const MARITAL_STATUSES = { unmarried: '未婚', married: '已婚', divorced: '离婚', widowed: '丧偶' } as const;
/** 残疾类别 (GB/T 26341): 视力 听力 言语 肢体 智力 精神 多重. */
export const DISABILITY_CATEGORIES = {
  visual: '视力残疾', hearing: '听力残疾', speech: '言语残疾', physical: '肢体残疾', intellectual: '智力残疾', mental: '精神残疾', multiple: '多重残疾',
} as const;
export const DISABILITY_GRADES = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
export const SEXES = { male: '男', female: '女' } as const;

export type HukouType = keyof typeof HUKOU_TYPES;
export type PersonStatus = keyof typeof PERSON_STATUSES;
export type MaritalStatus = keyof typeof MARITAL_STATUSES;
export type DisabilityCategory = keyof typeof DISABILITY_CATEGORIES;
export type Sex = keyof typeof SEXES;

/** GB/T 4761 code of the head of household (户主). */
export const HEAD_RELATION = '02';
