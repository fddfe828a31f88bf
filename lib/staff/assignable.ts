/** Moved to lib/cases/assignable-staff.ts (issue #13: cases imported lib/staff, which imports auth); re-exported here. */
export { assignableStaff } from '@/lib/cases/assignable-staff';
