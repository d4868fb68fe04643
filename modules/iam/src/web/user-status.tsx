import { StatusTag, formatDateTime, isFuture, type StatusOption } from '@mz/ui';
import type { UserRow } from './users.api.ts';

export const USER_STATUS: Record<UserRow['status'], StatusOption> = {
  active: { text: '正常', tone: 'success' },
  disabled: { text: '停用', tone: 'default' },
};

export const isLocked = (u: Pick<UserRow, 'lockedUntil'>) => isFuture(u.lockedUntil);

/** 正常 / 停用, plus 已锁定至 … while a lock is in force. */
export function UserStatusCell({ user }: { user: UserRow }) {
  return (
    <>
      <StatusTag value={user.status} options={USER_STATUS} />
      {isLocked(user) && (
        <StatusTag tone="error" title="连续输错密码被锁定，到期自动解锁，管理员也可手动解锁">
          已锁定至 {formatDateTime(user.lockedUntil)}
        </StatusTag>
      )}
    </>
  );
}
