/**
 * 数据来源目录: the other departments' data the platform matches against, with who delivers it,
 * how often, how long it is kept, and the column layout of each delivery
 * (docs/api/verification-contract.md repeats the layouts for the departments).
 *
 * Every delivery is stored in the same generic record shape, so one set of SQL serves every
 * source: the person's keyed ID hash, an event date, an optional end date, an amount in fen, a
 * quantity, a category and a masked reference. Which of those a source fills, and under which
 * Chinese header, is the layout below.
 */

/** The generic record fields a layout column maps to. */
export type RecordField = 'eventDate' | 'endDate' | 'amount' | 'quantity' | 'category' | 'ref';

export interface SourceColumn {
  /** Header in the delivered file (bare: no 「*」, no parenthesised hints). */
  header: string;
  field: RecordField;
  required: boolean;
  /** Allowed values of a category column. */
  values?: readonly string[];
  /** Whole numbers only, within [min, max] (quantity columns). */
  integer?: { min: number; max: number };
  hint?: string;
}

export interface SourceDefinition {
  code: string;
  name: string;
  /** The department that delivers it. */
  owner: string;
  /** 'file': CSV/xlsx deliveries; 'internal': read from the platform's own tables (payments ledger). */
  kind: 'file' | 'internal';
  /** Default refresh cycle in days: a snapshot older than this is stale and ignored by runs. */
  refreshDays: number;
  /** Default retention in days after the snapshot's as-of date; configurable per deployment. */
  retentionDays: number;
  description: string;
  columns: readonly SourceColumn[];
}

/** Every file starts with the ID number; a name column may be present and is ignored (never stored). */
export const ID_HEADER = '身份证号';
export const NAME_HEADER = '姓名';

const FIVE_YEARS = 1826;
const THREE_YEARS = 1096;

export const SOURCES: readonly SourceDefinition[] = [
  {
    code: 'police_death', name: '公安死亡人员信息', owner: '公安部门', kind: 'file', refreshDays: 31, retentionDays: FIVE_YEARS,
    description: '户籍注销（死亡）人员，用于发现死亡后仍在领取待遇的情形',
    columns: [{ header: '死亡日期', field: 'eventDate', required: true }],
  },
  {
    code: 'police_custody', name: '公安羁押服刑人员信息', owner: '公安部门（监管场所）、司法行政部门（监狱）', kind: 'file', refreshDays: 31, retentionDays: FIVE_YEARS,
    description: '被羁押、服刑人员；结束日期为空表示仍在羁押或服刑',
    columns: [
      { header: '羁押开始日期', field: 'eventDate', required: true },
      { header: '羁押结束日期', field: 'endDate', required: false },
      { header: '羁押类型', field: 'category', required: false, values: ['刑事拘留', '逮捕', '服刑', '行政拘留', '强制隔离戒毒'] },
    ],
  },
  {
    code: 'police_hukou', name: '公安户籍变动信息', owner: '公安部门', kind: 'file', refreshDays: 31, retentionDays: THREE_YEARS,
    description: '户口迁入、迁出、注销，用于发现户籍已迁出本地的救助对象',
    columns: [
      { header: '变动日期', field: 'eventDate', required: true },
      { header: '变动类型', field: 'category', required: true, values: ['迁入', '迁出', '注销', '出生', '变更'] },
      { header: '迁入地区划代码', field: 'ref', required: false },
    ],
  },
  {
    code: 'hrss', name: '人社就业与社会保险信息', owner: '人力资源和社会保障部门', kind: 'file', refreshDays: 92, retentionDays: THREE_YEARS,
    description: '工资性收入（按社保缴费工资）、养老金、失业保险金，按月',
    columns: [
      { header: '所属月份', field: 'eventDate', required: true, hint: '该月任一日期，如 2026-10-01' },
      { header: '收入类型', field: 'category', required: true, values: ['工资', '养老金', '失业保险金'] },
      { header: '月收入金额', field: 'amount', required: true, hint: '元，最多两位小数' },
    ],
  },
  {
    code: 'real_estate', name: '不动产登记信息', owner: '自然资源部门（不动产登记机构）', kind: 'file', refreshDays: 92, retentionDays: THREE_YEARS,
    description: '登记在本人名下的房屋等不动产',
    columns: [
      { header: '登记日期', field: 'eventDate', required: true },
      { header: '用途', field: 'category', required: true, values: ['住宅', '商业', '办公', '工业', '其他'] },
      { header: '建筑面积', field: 'quantity', required: true, hint: '平方米' },
      { header: '不动产单元号', field: 'ref', required: false },
    ],
  },
  {
    code: 'vehicle', name: '机动车登记信息', owner: '公安交通管理部门', kind: 'file', refreshDays: 92, retentionDays: THREE_YEARS,
    description: '登记在本人名下、未注销的机动车',
    columns: [
      { header: '登记日期', field: 'eventDate', required: true },
      { header: '车辆类型', field: 'category', required: true, values: ['小型汽车', '大型汽车', '营运车辆', '摩托车', '残疾人专用车', '其他'] },
      { header: '号牌号码', field: 'ref', required: false },
      { header: '估值', field: 'amount', required: false, hint: '元' },
    ],
  },
  {
    code: 'market', name: '市场主体登记信息', owner: '市场监督管理部门', kind: 'file', refreshDays: 92, retentionDays: THREE_YEARS,
    description: '本人为法定代表人、经营者或投资人的市场主体；注销日期为空表示存续',
    columns: [
      { header: '成立日期', field: 'eventDate', required: true },
      { header: '注销日期', field: 'endDate', required: false },
      { header: '主体类型', field: 'category', required: true, values: ['个体工商户', '有限责任公司', '股份有限公司', '个人独资企业', '合伙企业', '农民专业合作社', '其他'] },
      { header: '注册资本', field: 'amount', required: false, hint: '元' },
      { header: '统一社会信用代码', field: 'ref', required: false },
    ],
  },
  {
    code: 'housing_fund', name: '住房公积金缴存信息', owner: '住房公积金管理中心', kind: 'file', refreshDays: 92, retentionDays: THREE_YEARS,
    description: '按月缴存基数（近似工资收入）',
    columns: [
      { header: '缴存月份', field: 'eventDate', required: true },
      { header: '月缴存基数', field: 'amount', required: true, hint: '元' },
    ],
  },
  {
    code: 'tax', name: '税务收入信息', owner: '税务部门', kind: 'file', refreshDays: 183, retentionDays: THREE_YEARS,
    description: '个人所得税申报的收入额，按所属期',
    columns: [
      { header: '所属期起', field: 'eventDate', required: true },
      { header: '所属期止', field: 'endDate', required: true },
      { header: '收入额', field: 'amount', required: true, hint: '元，所属期合计' },
    ],
  },
  {
    code: 'bank', name: '银行存款信息', owner: '银行业金融机构（经授权查询）', kind: 'file', refreshDays: 183, retentionDays: THREE_YEARS,
    description: '经授权查询的存款余额（各账户合计）',
    columns: [
      { header: '查询日期', field: 'eventDate', required: true },
      { header: '存款余额', field: 'amount', required: true, hint: '元' },
      { header: '开户行', field: 'ref', required: false },
    ],
  },
  {
    code: 'medical', name: '医保大额自付费用信息', owner: '医疗保障部门', kind: 'file', refreshDays: 31, retentionDays: THREE_YEARS,
    description: '经基本医保、大病保险、医疗救助后的个人自付费用，按结算',
    columns: [
      { header: '结算日期', field: 'eventDate', required: true },
      { header: '个人自付金额', field: 'amount', required: true, hint: '元' },
      { header: '医疗机构', field: 'ref', required: false },
    ],
  },
  {
    code: 'education', name: '在校学生信息', owner: '教育部门', kind: 'file', refreshDays: 183, retentionDays: THREE_YEARS,
    description: '在校学生学籍，用于分类施保与特困人员年满18周岁后的在学判断',
    columns: [
      { header: '入学日期', field: 'eventDate', required: true },
      { header: '学段', field: 'category', required: true, values: ['学前', '小学', '初中', '高中', '中职', '高职', '本科', '研究生'] },
      { header: '学校', field: 'ref', required: false },
    ],
  },
  {
    code: 'disability', name: '残疾人证信息', owner: '残疾人联合会', kind: 'file', refreshDays: 92, retentionDays: FIVE_YEARS,
    description: '第二代残疾人证的类别、等级和有效期',
    columns: [
      { header: '发证日期', field: 'eventDate', required: true },
      { header: '有效期至', field: 'endDate', required: false },
      { header: '残疾类别', field: 'category', required: true, values: ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'] },
      { header: '残疾等级', field: 'quantity', required: true, integer: { min: 1, max: 4 }, hint: '1–4' },
    ],
  },
  {
    code: 'cremation', name: '殡葬火化记录', owner: '民政部门（殡仪馆）', kind: 'file', refreshDays: 31, retentionDays: FIVE_YEARS,
    description: '殡仪馆火化记录，与公安死亡信息互为补充',
    columns: [{ header: '火化日期', field: 'eventDate', required: true }],
  },
  {
    code: 'payments', name: '资金发放台账', owner: '民政部门（本平台）', kind: 'internal', refreshDays: 0, retentionDays: 0,
    description: '本平台的待遇台账和救助案件，每次运行时直接读取，始终为最新',
    columns: [],
  },
];

export function findSource(code: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.code === code);
}

/** Bare header as the template writes it: no 「*」, spaces or parenthesised hints. */
export function bareHeader(h: string): string {
  return h.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊]/g, '');
}

/** The template's header row for a source: required columns starred, hints in parentheses. */
export function templateHeaders(source: SourceDefinition): string[] {
  return [`*${ID_HEADER}`, NAME_HEADER, ...source.columns.map((c) => `${c.required ? '*' : ''}${c.header}${c.hint ? `（${c.hint}）` : ''}`)];
}
