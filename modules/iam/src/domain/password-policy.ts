/** 密码策略: at least 8 characters and at least three of the four character classes. */
export const PASSWORD_MIN_LENGTH = 8;

const CLASSES: [RegExp, string][] = [
  [/[A-Z]/, '大写字母'],
  [/[a-z]/, '小写字母'],
  [/[0-9]/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
];

/** Chinese reasons the password is refused; empty when it is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  if (password.length > 128) problems.push('密码不能超过 128 位');
  const present = CLASSES.filter(([re]) => re.test(password)).length;
  if (present < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/;
export const USERNAME_RULE = '用户名为 3–32 位小写字母、数字或 . _ -，以字母或数字开头';

/** Lockout: this many consecutive failures lock the account for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
