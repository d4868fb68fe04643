/**
 * The 刚性支出困难家庭 page's rules, kept out of the components: who may recognise or end (the
 * server's rule: the county's reviewers and approvers, 刚性支出困难家庭认定办法第八条), how a
 * recognition's state reads, and the body of a recognition from the form's values.
 */
import type { RigidSpendingKind } from '@mz/assistance';
import type { Dayjs } from 'dayjs';
import { COUNTY, decides, type Official } from './family-register.ts';

/** Only the county decides, both to recognise and to end (第八条); the township investigates. */
export function mayRecogniseRigid(o: Official): boolean {
  return o.regionLevel === COUNTY && decides(o);
}

export interface RigidValues {
  householdId?: string;
  hukouType?: 'urban' | 'rural';
  appliedOn?: Dayjs | null;
  recognisedOn?: Dayjs | null;
  annualIncomeFen?: number;
  spending?: { kind?: RigidSpendingKind; annualFen?: number; note?: string }[];
  property?: {
    depositsFen?: number; securitiesFen?: number; vehicleCount?: number; vehicleValueFen?: number; houseCount?: number; businessCount?: number;
  };
  note?: string;
}

const date = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** Body of POST /assistance/rigid-families; incomplete rows are sent so the server can point at them. */
export function toRigidFamilyBody(v: RigidValues): Record<string, unknown> {
  const p = v.property ?? {};
  return {
    householdId: v.householdId,
    hukouType: v.hukouType,
    appliedOn: date(v.appliedOn),
    recognisedOn: date(v.recognisedOn) ?? null,
    annualIncomeFen: v.annualIncomeFen,
    spending: (v.spending ?? []).map((s) => ({ kind: s.kind, annualFen: s.annualFen, note: s.note?.trim() || null })),
    property: {
      depositsFen: p.depositsFen ?? 0, securitiesFen: p.securitiesFen ?? 0, vehicleCount: p.vehicleCount ?? 0,
      vehicleValueFen: p.vehicleValueFen ?? 0, houseCount: p.houseCount ?? 0, businessCount: p.businessCount ?? 0,
    },
    note: v.note?.trim() || null,
  };
}
