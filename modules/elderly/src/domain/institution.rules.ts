/**
 * 机构与床位: the vocabulary (codes and Chinese names) and the pure rules of institutions, beds,
 * residents and staff. No I/O: the server part applies these inside its transactions.
 */
import { compareIsoDates, type FieldError, type IsoDate } from '@mz/kernel';

export const INSTITUTION_KINDS = ['care_home', 'day_care', 'home_care_center', 'canteen', 'rural_mutual_aid'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export const INSTITUTION_KIND_NAMES: Record<InstitutionKind, string> = {
  care_home: '养老机构',
  day_care: '日间照料中心',
  home_care_center: '居家养老服务中心',
  canteen: '老年餐厅',
  rural_mutual_aid: '农村养老服务大院/互助幸福院',
};

export const OPERATOR_TYPES = ['public', 'private', 'public_private'] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];
export const OPERATOR_TYPE_NAMES: Record<OperatorType, string> = { public: '公办', private: '民办', public_private: '公建民营' };

export const INSTITUTION_STATUSES = ['operating', 'suspended', 'closed'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];
export const INSTITUTION_STATUS_NAMES: Record<InstitutionStatus, string> = { operating: '运营中', suspended: '暂停运营', closed: '已关闭' };

export const CHECKOUT_REASONS = ['returned_home', 'transferred', 'hospital', 'deceased', 'other'] as const;
export type CheckoutReason = (typeof CHECKOUT_REASONS)[number];
export const CHECKOUT_REASON_NAMES: Record<CheckoutReason, string> = {
  returned_home: '返回家庭', transferred: '转至其他机构', hospital: '长期住院', deceased: '去世', other: '其他',
};

export const STAFF_ROLES = ['caregiver', 'nurse', 'doctor', 'social_worker', 'manager', 'other'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_NAMES: Record<StaffRole, string> = {
  caregiver: '养老护理员', nurse: '护士', doctor: '医生', social_worker: '社会工作者', manager: '管理人员', other: '其他',
};

/** 养老护理员国家职业技能标准 (2019): 五级/初级工 (lowest) … 一级/高级技师 (highest). */
export const CERTIFICATE_LEVELS = ['5', '4', '3', '2', '1'] as const;
export type CertificateLevel = (typeof CERTIFICATE_LEVELS)[number];
export const CERTIFICATE_LEVEL_NAMES: Record<CertificateLevel, string> = {
  '5': '五级/初级工', '4': '四级/中级工', '3': '三级/高级工', '2': '二级/技师', '1': '一级/高级技师',
};

export const DOCUMENT_KINDS = ['filing_form', 'license', 'premises', 'fire_safety', 'food_safety', 'commitment', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_NAMES: Record<DocumentKind, string> = {
  filing_form: '备案书', license: '登记证书/营业执照', premises: '服务场所权属或租赁证明', fire_safety: '消防安全材料',
  food_safety: '食品经营许可', commitment: '承诺书', other: '其他材料',
};

/** Kinds that take residents in beds; the others (canteens, service centres) may have no beds. */
export function keepsBeds(kind: InstitutionKind): boolean {
  return kind !== 'canteen';
}

/**
 * Status changes: an operating institution may be suspended or closed; a suspended one may
 * resume or close; closing is final (a reopened home is a new registration). Returns the refusal,
 * or null when allowed.
 */
export function statusChangeProblem(from: InstitutionStatus, to: InstitutionStatus, currentResidents: number): string | null {
  if (from === to) return `机构已是“${INSTITUTION_STATUS_NAMES[to]}”状态`;
  if (from === 'closed') return '机构已关闭，不能再变更状态；如重新开办请重新登记';
  // Closing with people still living there would leave them without a recorded stay's end.
  if (to === 'closed' && currentResidents > 0) return `机构还有 ${currentResidents} 名在住人员，请先办理退住或转院再关闭`;
  return null;
}

/** Why a check-in into this institution and bed is refused, or null. */
export function checkInProblems(input: {
  institutionStatus: InstitutionStatus;
  personStatus: 'alive' | 'deceased' | 'missing' | 'imprisoned';
  bed: { inService: boolean; occupied: boolean } | null;
  checkedInOn: IsoDate;
  today: IsoDate;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (input.institutionStatus !== 'operating') {
    errors.push({ path: 'bedId', message: `机构${INSTITUTION_STATUS_NAMES[input.institutionStatus]}，不能办理入住` });
  }
  if (input.personStatus !== 'alive') {
    const what = { deceased: '已去世', missing: '处于失踪状态', imprisoned: '正在服刑' }[input.personStatus];
    errors.push({ path: 'person', message: `该人员在人口库中${what}，不能办理入住` });
  }
  if (!input.bed) errors.push({ path: 'bedId', message: '本机构没有这张床位' });
  else if (!input.bed.inService) errors.push({ path: 'bedId', message: '该床位已停用' });
  else if (input.bed.occupied) errors.push({ path: 'bedId', message: '该床位已有人入住' });
  if (compareIsoDates(input.checkedInOn, input.today) > 0) errors.push({ path: 'checkedInOn', message: '入住日期不能晚于今天' });
  return errors;
}

/**
 * Check-out: the date lies between check-in and today; a person the registry records as deceased
 * leaves with reason 去世, on or after the date of death; reason 去世 needs no registry entry yet
 * (the home often learns first), but its date cannot precede a recorded death.
 */
export function checkOutProblems(input: {
  checkedInOn: IsoDate;
  checkedOutOn: IsoDate;
  reason: CheckoutReason;
  today: IsoDate;
  deathDate: IsoDate | null;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (compareIsoDates(input.checkedOutOn, input.checkedInOn) < 0) {
    errors.push({ path: 'checkedOutOn', message: `退住日期不能早于入住日期（${input.checkedInOn}）` });
  }
  if (compareIsoDates(input.checkedOutOn, input.today) > 0) errors.push({ path: 'checkedOutOn', message: '退住日期不能晚于今天' });
  if (input.deathDate) {
    if (input.reason !== 'deceased') errors.push({ path: 'reason', message: `人口库记载该人员已于 ${input.deathDate} 去世，退住原因应为“去世”` });
    else if (compareIsoDates(input.checkedOutOn, input.deathDate) < 0) {
      errors.push({ path: 'checkedOutOn', message: `退住日期不能早于去世日期（${input.deathDate}）` });
    }
  }
  return errors;
}

/**
 * Room list as clerks type it: "101-105, 201, 3A" → ['101', …, '105', '201', '3A']. A range
 * takes two numbers of the same width; at most 200 rooms.
 */
export function parseRoomList(text: string): { rooms: string[]; error: string | null } {
  const rooms: string[] = [];
  for (const raw of text.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean)) {
    const range = /^(\d{1,6})[-~～](\d{1,6})$/.exec(raw);
    if (range) {
      const [, a, b] = range as unknown as [string, string, string];
      const from = Number(a);
      const to = Number(b);
      if (to < from) return { rooms: [], error: `房间范围“${raw}”的结束号小于起始号` };
      if (to - from >= 200) return { rooms: [], error: `房间范围“${raw}”过大（一次最多 200 间）` };
      for (let n = from; n <= to; n += 1) rooms.push(String(n).padStart(a.length, '0'));
    } else if (/^[0-9A-Za-z\u4e00-\u9fa5-]{1,20}$/.test(raw)) {
      rooms.push(raw);
    } else {
      return { rooms: [], error: `房间号“${raw}”格式不正确` };
    }
  }
  if (rooms.length === 0) return { rooms: [], error: '请填写房间号' };
  if (rooms.length > 200) return { rooms: [], error: '一次最多添加 200 间房的床位' };
  const dup = rooms.find((r, i) => rooms.indexOf(r) !== i);
  if (dup) return { rooms: [], error: `房间号“${dup}”重复` };
  return { rooms, error: null };
}

/** Beds to add: every room × beds 1..bedsPerRoom (or the given labels). At most 1 000 at once. */
export function expandBeds(rooms: readonly string[], bedNos: readonly string[]): { room: string; bedNo: string }[] {
  return rooms.flatMap((room) => bedNos.map((bedNo) => ({ room, bedNo })));
}

export const MAX_BEDS_PER_REQUEST = 1000;

/**
 * 入住率 = current residents ÷ beds in service (GB/T 37276 implementations), as a percentage with
 * one decimal, rounded half up; null when there are no beds (a rate of nothing is not 0%).
 */
export function occupancyPercent(residents: number, beds: number): number | null {
  if (beds <= 0) return null;
  return Math.round((residents * 1000) / beds) / 10;
}

/** 持证率 of caregivers on staff: certified ÷ all caregivers, percent with one decimal; null with none. */
export function certifiedPercent(certified: number, caregivers: number): number | null {
  if (caregivers <= 0) return null;
  return Math.round((certified * 1000) / caregivers) / 10;
}
