/** Client-side mirror of the platform password policy; the server has the final word. */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_POLICY_HINT = '至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类';

export function passwordClasses(password: string): number {
  let n = 0;
  if (/[A-Z]/.test(password)) n++;
  if (/[a-z]/.test(password)) n++;
  if (/[0-9]/.test(password)) n++;
  if (/[^A-Za-z0-9]/.test(password)) n++;
  return n;
}

/** `null` when acceptable, otherwise the Chinese reason. */
export function checkPassword(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位`;
  if (passwordClasses(password) < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  return null;
}

/** antd Form rule: `rules={[{ required: true, message: '请输入密码' }, passwordRule]}`. */
export const passwordRule = {
  validator: (_: unknown, value: unknown) => {
    if (typeof value !== 'string' || value === '') return Promise.resolve();
    const problem = checkPassword(value);
    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
  },
};
