export { nearKinRoutes } from './near-kin.routes.ts';
export {
  addNearKin, listNearKin, nearKinMatches, removeNearKin, NEAR_KIN_AUDIT_ACTIONS, NEAR_KIN_RELATIONS, OFFICIAL_ROLES,
  type NearKinEntry, type NearKinInput, type NearKinMatch, type NearKinQuery, type NearKinRelation, type OfficialRole,
} from './near-kin.service.ts';
