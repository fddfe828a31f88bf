/** A number input's value for react-hook-form's `setValueAs`: empty is null (no limit), anything else a number for zod to check. */
export const optionalNumber = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v));
