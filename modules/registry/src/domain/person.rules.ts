import { parseIdNumber, todayInShanghai, type FieldError } from '@mz/kernel';
import type { PersonInput } from './person.schema.ts';

export interface CheckedIdentity {
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
}

/**
 * Cross-field rules of a person record. The ID number decides sex and birth date: a form may
 * send them, but they must agree with the number (GB 11643), and a 15-digit number is upgraded.
 */
export function checkPerson(input: PersonInput, today = todayInShanghai()): { identity?: CheckedIdentity; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const id = parseIdNumber(input.idNumber, { today });
  let identity: CheckedIdentity | undefined;
  if (!id.ok) {
    errors.push({ path: 'idNumber', message: id.reason });
  } else {
    identity = { idNumber: id.value, sex: id.sex, birthDate: id.birthDate };
    if (input.sex && input.sex !== id.sex) errors.push({ path: 'sex', message: `性别与身份证号不符：身份证号显示为${id.sex === 'male' ? '男' : '女'}` });
    if (input.birthDate && input.birthDate !== id.birthDate) errors.push({ path: 'birthDate', message: `出生日期与身份证号不符：身份证号显示为 ${id.birthDate}` });
  }
  if (input.status === 'deceased' && !input.deathDate) errors.push({ path: 'deathDate', message: '人员状态为死亡时必须填写死亡日期' });
  if (input.status !== 'deceased' && input.deathDate) errors.push({ path: 'deathDate', message: '只有状态为死亡的人员才填写死亡日期' });
  if (input.deathDate) {
    if (input.deathDate > today) errors.push({ path: 'deathDate', message: '死亡日期不能晚于今天' });
    if (identity && input.deathDate < identity.birthDate) errors.push({ path: 'deathDate', message: '死亡日期不能早于出生日期' });
  }
  if (input.disabilityGrade && !input.disabilityCategory) errors.push({ path: 'disabilityCategory', message: '填写残疾等级时须同时填写残疾类别' });
  if (input.bankAccount && !input.bankName) errors.push({ path: 'bankName', message: '填写银行账号时须同时填写开户银行' });
  return { identity, errors };
}
